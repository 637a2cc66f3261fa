import type { Command } from 'commander';

/**
 * Examples shown at the end of each command's --help, by command path. A new command adds its
 * entry here; addExamples attaches them to whatever commands the program has.
 */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  eksguard: [
    'eksguard scan k8s/                          # manifests, charts and overlays under k8s/',
    'eksguard scan --kube --aws                  # the live cluster and its AWS account',
    'eksguard checks show pss-privileged         # what a check looks for and how to fix it',
    'eksguard completion bash > ~/.local/share/bash-completion/completions/eksguard',
  ],
  scan: [
    'eksguard scan k8s/                          # table: by check when findings are many',
    'eksguard scan k8s/ --severity high          # list only high and critical findings',
    'eksguard scan k8s/ -q                       # just the summary line (and errors)',
    'eksguard scan k8s/ -o report.sarif -o report.html   # formats from the file extensions',
    'helm template my charts/app | eksguard scan - --stdin-name charts/app',
    'eksguard scan k8s/ --baseline .eksguard-baseline.json   # gate only new failures',
    'eksguard scan --kube --context prod -n shop # a live cluster, one namespace',
    'eksguard scan --aws --region eu-west-1      # the EKS clusters of an AWS account',
  ],
  fix: ['eksguard fix k8s/ --dry-run                # the diff, nothing changed', 'eksguard fix k8s/ --check K8S-WL-007         # one check only'],
  watch: ['eksguard watch --context prod               # keep PolicyReports current (see docs/watch.md)'],
  paths: ['eksguard paths k8s/ --aws --region eu-west-1   # attack paths across Kubernetes and AWS', 'eksguard paths --kube -f json'],
  merge: ['eksguard merge shard-1.json shard-2.json -o fleet.json'],
  diff: ['eksguard diff yesterday.json today.json --fail-on-new high'],
  publish: ['eksguard publish securityhub fleet.json --dry-run'],
  frameworks: ['eksguard frameworks list', 'eksguard frameworks show cis-eks-2.0.0', 'eksguard scan k8s/ --framework cis-eks-2.0.0'],
  'frameworks list': ['eksguard frameworks list -f json'],
  'frameworks show': ['eksguard frameworks show cis-eks-2.0.0 -f markdown'],
  serve: ['eksguard serve --tls-cert /tls/tls.crt --tls-key /tls/tls.key --config /etc/eksguard/webhook.yaml'],
  collect: ['eksguard collect aws --out snapshot/ --region eu-west-1', 'eksguard scan --aws-snapshot snapshot/'],
  'collect aws': ['eksguard collect aws --out snapshot/ --region eu-west-1 --cluster prod', 'eksguard scan --aws-snapshot snapshot/   # later, offline, without credentials'],
  'who-can': [
    'eksguard who-can get secrets k8s/ -n kube-system',
    'eksguard who-can create pods/exec --kube',
    'eksguard who-can get /metrics k8s/ -f json',
    'eksguard who-can delete deployments.apps k8s/ --aws-snapshot snapshot/ --cluster prod',
  ],
  checks: ['eksguard checks list', 'eksguard checks show PSS-privileged'],
  'checks list': ['eksguard checks list', 'eksguard checks list -f json | jq -r ".[] | select(.severity == \\"critical\\") | .id"'],
  'checks show': ['eksguard checks show PSS-privileged', 'eksguard checks show k8s-net-001     # any case'],
  completion: [
    'eksguard completion bash > ~/.local/share/bash-completion/completions/eksguard',
    'source <(eksguard completion zsh)      # in ~/.zshrc, after compinit',
    'eksguard completion fish > ~/.config/fish/completions/eksguard.fish',
  ],
};

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.length === 1 ? names[0]! : names.slice(1).join(' ');
}

/** Adds an Examples section to the help of every command that has some. */
export function addExamples(program: Command): void {
  const visit = (command: Command) => {
    const examples = HELP_EXAMPLES[commandPath(command)];
    if (examples) command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  ${line}`).join('\n')}\n`);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}

export { commandPath };
