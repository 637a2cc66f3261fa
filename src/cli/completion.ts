import type { Command } from 'commander';
import { CHECK_CATALOGUE } from '../checks/catalogue.js';
import { allFrameworks } from '../frameworks/index.js';
import { SEVERITIES } from '../core/types.js';
import { FORMATS } from '../reporters/formats.js';
import { GROUPINGS } from '../reporters/table-views.js';
import { UsageError } from './errors.js';
import { commandPath } from './help-examples.js';

/**
 * `eksguard completion bash|zsh|fish`: a completion script built from the program's own
 * commands and options (a new command or option completes without touching this file), with the
 * values eksguard knows: formats, severities, views and check IDs.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

interface OptionModel {
  short?: string;
  long?: string;
  /** what its value completes to: a word list, file names, or nothing (free text); undefined for a flag */
  value?: readonly string[] | 'file' | 'text';
}

interface CommandModel {
  /** `` for the program, `scan`, `checks show` */
  path: string;
  name: string;
  subcommands: string[];
  options: OptionModel[];
  /** what its positional arguments complete to */
  args: readonly string[] | 'file' | 'none';
}

const FILE_VALUE = /<(file|dir|glob|path)>/;

function optionValues(path: string, long: string | undefined, flags: string): OptionModel['value'] {
  if (!/<.+>|\[.+\]/.test(flags)) return undefined;
  if (long === '--format') return FORMATS_OF[path] ?? FORMATS;
  if (long === '--fail-on' || long === '--warn-at') return [...SEVERITIES, 'none'];
  if (long === '--severity' || long === '--fail-on-new') return SEVERITIES;
  if (long === '--framework') return allFrameworks.map((framework) => framework.name);
  if (long === '--check') return CHECK_CATALOGUE.map((check) => check.id);
  if (long === '--group-by') return GROUPINGS;
  if (long === '--pss-level') return ['baseline', 'restricted'];
  return FILE_VALUE.test(flags) ? 'file' : 'text';
}

/** `--format` of the commands whose formats are not the report formats. */
const FORMATS_OF: Readonly<Record<string, readonly string[]>> = {
  'checks list': ['table', 'json', 'markdown'],
  'who-can': ['table', 'json'],
  fix: ['diff', 'json'],
  diff: ['table', 'json', 'markdown'],
  paths: ['table', 'json'],
  'frameworks list': ['table', 'json'],
  'frameworks show': ['table', 'json', 'markdown'],
};

/** Positional arguments that name files: manifests, reports. */
const FILE_ARGUMENTS = new Set(['paths', 'reports', 'report', 'old', 'new']);

function argumentValues(path: string, command: Command): CommandModel['args'] {
  if (path === 'checks show') return CHECK_CATALOGUE.map((check) => check.id);
  if (path === 'frameworks show') return allFrameworks.map((framework) => framework.name);
  if (path === 'completion') return SHELLS;
  if (path === 'publish') return ['securityhub'];
  return command.registeredArguments.some((argument) => FILE_ARGUMENTS.has(argument.name())) ? 'file' : 'none';
}

export function commandModels(program: Command): CommandModel[] {
  const models: CommandModel[] = [];
  const visit = (command: Command) => {
    const path = command === program ? '' : commandPath(command);
    models.push({
      path,
      name: command.name(),
      subcommands: command.commands.map((sub) => sub.name()),
      options: [
        ...command.options.map((option) => ({
          ...(option.short ? { short: option.short } : {}),
          ...(option.long ? { long: option.long } : {}),
          ...(optionValues(path, option.long, option.flags) ? { value: optionValues(path, option.long, option.flags)! } : {}),
        })),
        { long: '--help', short: '-h' },
      ],
      args: argumentValues(path, command),
    });
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  return models;
}

/** A word list as one single-quoted shell word (the values are ours, but quote anyway). */
const quoteWords = (words: readonly string[]) => `'${words.join(' ').replace(/'/g, `'\\''`)}'`;

function bashScript(models: readonly CommandModel[]): string {
  const paths = models.filter((model) => model.path !== '').map((model) => `"|${model.path}|"`);
  const valueCases: string[] = [];
  const fileCases: string[] = [];
  const textCases: string[] = [];
  for (const model of models) {
    for (const option of model.options) {
      const keys = [option.long, option.short].filter(Boolean).map((flag) => `"${model.path}|${flag}"`).join('|');
      if (!keys || !option.value) continue;
      if (option.value === 'file') fileCases.push(keys);
      else if (option.value === 'text') textCases.push(keys);
      else valueCases.push(`    ${keys}) words=${quoteWords(option.value)} ;;`);
    }
  }
  const optionCases = models.map((model) => `    "${model.path}") words=${quoteWords(model.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => Boolean(flag))))} ;;`);
  const argCases = models.map((model) => {
    if (model.subcommands.length > 0) return `    "${model.path}") words=${quoteWords(model.subcommands)} ;;`;
    if (model.args === 'file') return `    "${model.path}") COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`;
    if (model.args === 'none') return `    "${model.path}") return ;;`;
    return `    "${model.path}") words=${quoteWords(model.args)} ;;`;
  });
  return `# eksguard completion for bash (generated by: eksguard completion bash)
_eksguard_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local path="" word words="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "|\${path:+$path }$word|" in
      ${paths.join('|')}) path="\${path:+$path }$word" ;;
    esac
  done
  COMPREPLY=()
  case "$path|$prev" in
${valueCases.join('\n')}
${fileCases.length ? `    ${fileCases.join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;` : ''}
${textCases.length ? `    ${textCases.join('|')}) return ;;` : ''}
  esac
  if [[ -n "$words" ]]; then COMPREPLY=( $(compgen -W "$words" -- "$cur") ); return; fi
  if [[ "$cur" == -* ]]; then
    case "$path" in
${optionCases.join('\n')}
    esac
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
    return
  fi
  case "$path" in
${argCases.join('\n')}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o filenames -F _eksguard_complete eksguard
`;
}

function zshScript(models: readonly CommandModel[]): string {
  // zsh runs the bash function through its bash-completion emulation
  return `# eksguard completion for zsh (generated by: eksguard completion zsh)
# load it from ~/.zshrc, after compinit:  source <(eksguard completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(models)}`;
}

const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishScript(models: readonly CommandModel[]): string {
  const lines = ['# eksguard completion for fish (generated by: eksguard completion fish)', 'complete -c eksguard -f'];
  const top = models.find((model) => model.path === '')!;
  lines.push(`complete -c eksguard -n __fish_use_subcommand -a ${fishQuote(top.subcommands.join(' '))}`);
  for (const model of models) {
    if (model.path === '') continue;
    const seen = `__fish_seen_subcommand_from ${model.name}`;
    const parentSeen = model.path.includes(' ') ? `__fish_seen_subcommand_from ${model.path.split(' ')[0]}; and ` : '';
    const condition = `${parentSeen}${seen}`;
    if (model.subcommands.length > 0) {
      lines.push(`complete -c eksguard -n ${fishQuote(`${condition}; and not __fish_seen_subcommand_from ${model.subcommands.join(' ')}`)} -a ${fishQuote(model.subcommands.join(' '))}`);
    }
    if (model.args === 'file') lines.push(`complete -c eksguard -n ${fishQuote(condition)} -F`);
    else if (model.args !== 'none') lines.push(`complete -c eksguard -n ${fishQuote(condition)} -a ${fishQuote(model.args.join(' '))}`);
    for (const option of model.options) {
      const flags = [option.short ? `-s ${option.short.slice(1)}` : '', option.long ? `-l ${option.long.slice(2)}` : ''].filter(Boolean).join(' ');
      const value = option.value === undefined ? '' : option.value === 'file' ? ' -rF' : option.value === 'text' ? ' -x' : ` -xa ${fishQuote(option.value.join(' '))}`;
      lines.push(`complete -c eksguard -n ${fishQuote(condition)} ${flags}${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: string, program: Command): string {
  const models = commandModels(program);
  if (shell === 'bash') return bashScript(models);
  if (shell === 'zsh') return zshScript(models);
  if (shell === 'fish') return fishScript(models);
  throw new UsageError(`no completion for shell "${shell}"`, `use one of: ${SHELLS.join(', ')}`);
}
