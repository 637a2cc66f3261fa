// Preloaded into the measured process: reports its peak resident memory on exit.
process.on('exit', () => {
  process.stderr.write(`\nEKSGUARD_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
