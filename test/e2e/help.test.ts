import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

/** What bash completes for the words typed so far (the last one is being completed). */
function bashComplete(script: string, words: string[], cwd: string): string[] {
  const file = path.join(cwd, 'completion.bash');
  writeFileSync(file, script);
  const program = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_eksguard_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], { cwd, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('help (built CLI)', () => {
  it('every command and subcommand has its own help, with examples', () => {
    const commands = [[], ['scan'], ['fix'], ['serve'], ['watch'], ['collect'], ['collect', 'aws'], ['who-can'], ['merge'], ['diff'], ['publish'], ['paths'], ['checks'], ['checks', 'list'], ['checks', 'show'], ['frameworks'], ['frameworks', 'list'], ['frameworks', 'show'], ['completion']];
    // every command of the program is in the list: a new one must come with examples
    const top = runCli(['--help']).stdout;
    expect(top.slice(top.indexOf('Commands:'), top.indexOf('Examples:')).match(/^ {2}([a-z-]+) /gm)!.map((line) => line.trim()).filter((name) => name !== 'help').sort()).toEqual(commands.filter((args) => args.length === 1).map((args) => args[0]).sort());
    for (const args of commands) {
      const result = runCli([...args, '--help']);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(new RegExp(`^Usage: eksguard${args.length ? ` ${args.join(' ')}` : ''} `));
      expect(result.stdout, args.join(' ')).toMatch(/\nExamples:\n {2}eksguard /);
    }
    // collect aws has its own options, not the generic collect help
    expect(runCli(['collect', 'aws', '--help']).stdout).toContain('--out <dir>');
  });
});

describe('eksguard completion (built CLI)', () => {
  const bash = runCli(['completion', 'bash']).stdout;

  it('bash completes commands, subcommands, options, formats, severities and check IDs', () => {
    const dir = makeWorkdir({ 'k8s/app.yaml': 'kind: Pod\n' });
    expect(bashComplete(bash, ['eksguard', ''], dir)).toEqual(['checks', 'collect', 'completion', 'diff', 'fix', 'frameworks', 'merge', 'paths', 'publish', 'scan', 'serve', 'watch', 'who-can']);
    expect(bashComplete(bash, ['eksguard', 'fix', '-f', ''], dir)).toEqual(['diff', 'json']);
    expect(bashComplete(bash, ['eksguard', 'scan', '--framework', 'cis'], dir)).toEqual(['cis-eks-1.8.0', 'cis-eks-2.0.0']);
    expect(bashComplete(bash, ['eksguard', 'frameworks', 'show', 'nsa'], dir)).toEqual(['nsa-cisa']);
    expect(bashComplete(bash, ['eksguard', 'checks', ''], dir)).toEqual(['list', 'show']);
    expect(bashComplete(bash, ['eksguard', 'scan', '--sev'], dir)).toEqual(['--severity']);
    expect(bashComplete(bash, ['eksguard', 'scan', '-f', ''], dir)).toEqual(['asff', 'html', 'json', 'junit', 'markdown', 'sarif', 'table']);
    expect(bashComplete(bash, ['eksguard', 'checks', 'list', '--format', ''], dir)).toEqual(['json', 'markdown', 'table']);
    expect(bashComplete(bash, ['eksguard', 'scan', '--fail-on', 'h'], dir)).toEqual(['high']);
    expect(bashComplete(bash, ['eksguard', 'scan', '--group-by', ''], dir)).toEqual(['area', 'check', 'resource']);
    expect(bashComplete(bash, ['eksguard', 'checks', 'show', 'PSS-priv'], dir)).toEqual(['PSS-privileged']);
    expect(bashComplete(bash, ['eksguard', 'scan', 'k8'], dir)).toEqual(['k8s']);
    expect(bashComplete(bash, ['eksguard', 'collect', 'aws', '--'], dir)).toContain('--out');
    expect(bashComplete(bash, ['eksguard', 'completion', ''], dir)).toEqual(['bash', 'fish', 'zsh']);
  });

  it('zsh loads the same completion through bashcompinit; fish gets complete lines', () => {
    const zsh = runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh.stdout).toContain('complete -o filenames -F _eksguard_complete eksguard');
    const fish = runCli(['completion', 'fish']);
    expect(fish.code).toBe(0);
    const lines = fish.stdout.trim().split('\n').filter((line) => !line.startsWith('#'));
    expect(lines.every((line) => line.startsWith('complete -c eksguard '))).toBe(true);
    expect(fish.stdout).toContain("complete -c eksguard -n '__fish_seen_subcommand_from scan' -s f -l format -xa 'table json sarif junit html markdown asff'");
    expect(fish.stdout).toMatch(/__fish_seen_subcommand_from show' -a '.*\bPSS-privileged\b/);
    // bash parses what it is given (zsh and fish are not on this machine)
    expect(spawnSync('bash', ['-n'], { input: bash }).status).toBe(0);
  });

  it('rejects an unknown shell', () => {
    const result = runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no completion for shell "powershell"\nhint: use one of: bash, zsh, fish');
  });
});
