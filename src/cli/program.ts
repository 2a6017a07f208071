/**
 * Builds the commander program from the declaration in ./spec.ts: the commands, their options
 * (with the values checked as declared), their help and examples. Each command runs the handler
 * bound to its path, which receives the options typed from the same declaration.
 * @internal
 */
import { Command, Help, InvalidArgumentError, Option } from 'commander';
import { type Output, wrap } from './output.js';
import { commandLines } from './shell.js';
import {
  COMMANDS,
  type CommandPath,
  type CommandSpec,
  camelCase,
  EXAMPLE_VARIABLES,
  GROUPS,
  type GroupSpec,
  type OptionSpec,
  type OptionsOf,
  PROGRAM,
} from './spec.js';

/** What runs a command: its parsed options in, the exit code out. @internal */
export type Handler<P extends CommandPath> = (options: OptionsOf<P>) => Promise<number> | number;

/** One handler per declared command: a command without one fails to compile. @internal */
export type Handlers = { [P in CommandPath]: Handler<P> };

/** The value of a declared number option, or a usage error saying what is allowed. */
function numberParser(flag: string, spec: OptionSpec): (value: string) => number {
  const min = spec.min ?? Number.MIN_SAFE_INTEGER;
  const max = spec.max ?? Number.MAX_SAFE_INTEGER;
  return (value) => {
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = spec.min === undefined || spec.max === undefined ? '' : ` from ${min} to ${max}`;
      throw new InvalidArgumentError(`${flag} takes a whole number${range}.`);
    }
    return n;
  };
}

/** One of the declared choices, matched ignoring case, or a usage error listing them. */
function choiceParser(
  flag: string,
  choices: readonly string[],
): (value: string, previous: unknown) => unknown {
  const one = (value: string): string => {
    const found = choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (found === undefined) throw new InvalidArgumentError(`${flag} takes one of ${choices.join(', ')}.`);
    return found;
  };
  return one;
}

/** A string of the declared length, or a usage error saying what is allowed. */
function lengthParser(flag: string, spec: OptionSpec): (value: string) => string {
  const min = spec.minLength ?? 0;
  const max = spec.maxLength ?? Number.POSITIVE_INFINITY;
  return (value) => {
    if (value.length < min || value.length > max)
      throw new InvalidArgumentError(
        `${flag} takes ${min} to ${max} characters; this one has ${value.length}.`,
      );
    return value;
  };
}

function optionOf(name: string, spec: OptionSpec): Option {
  const flag = `--${name}`;
  const value =
    spec.arg === undefined
      ? ''
      : spec.type === 'list'
        ? ` <${spec.arg.replace(/\.*$/, '')}...>`
        : ` <${spec.arg}>`;
  const option = new Option(`${flag}${value}`, spec.desc);
  if (spec.type === 'number') option.argParser(numberParser(flag, spec));
  else if (spec.minLength !== undefined || spec.maxLength !== undefined)
    option.argParser(lengthParser(flag, spec));
  else if (spec.choices !== undefined) {
    const parse = choiceParser(flag, spec.choices);
    // A list of choices takes them space- or comma-separated: `--fail-on public,external drift`.
    option.argParser(
      spec.type === 'list'
        ? (v: string, previous: unknown) => [
            ...((previous as string[] | undefined) ?? []),
            ...v
              .split(',')
              .filter((part) => part !== '')
              .map((part) => parse(part, previous)),
          ]
        : parse,
    );
  }
  if (spec.default !== undefined) option.default(spec.default);
  return option;
}

function addOptions(command: Command, options: Readonly<Record<string, OptionSpec>>): void {
  for (const [name, spec] of Object.entries(options)) command.addOption(optionOf(name, spec));
}

/** A usage error naming every declared required option the command line leaves out. */
function requireOptions(command: Command, declared: Readonly<Record<string, OptionSpec>>): void {
  const missing = Object.entries(declared)
    .filter(([name, spec]) => spec.required === true && command.getOptionValue(camelCase(name)) === undefined)
    .map(([name]) => `'${command.options.find((o) => o.long === `--${name}`)?.flags ?? `--${name}`}'`);
  if (missing.length === 0) return;
  const options = missing.length === 1 ? 'option' : 'options';
  command.error(`error: required ${options} ${missing.join(', ')} not specified`, {
    exitCode: 2,
    code: 'agentcore-xacct.usage',
  });
}

/**
 * Folds the deprecated aliases into the options they stand for (`--json` into `--output json`);
 * an alias that contradicts its target given on the same line is a usage error.
 */
function foldAliases(command: Command, declared: Readonly<Record<string, OptionSpec>>): void {
  for (const [name, spec] of Object.entries(declared)) {
    const alias = spec.aliasOf;
    const given: unknown = command.getOptionValue(camelCase(name));
    if (alias === undefined || given === undefined || given === false) continue;
    const target = camelCase(alias.option);
    const choices = declared[alias.option]?.choices;
    let value = alias.value ?? alias.map?.[String(given)] ?? String(given);
    try {
      if (choices !== undefined) value = choiceParser(`--${name}`, choices)(value, undefined) as string;
    } catch (error) {
      command.error(`error: ${(error as Error).message}`, { exitCode: 2, code: 'agentcore-xacct.usage' });
    }
    if (command.getOptionValueSource(target) === 'cli' && command.getOptionValue(target) !== value) {
      command.error(
        `error: --${name} means --${alias.option} ${value}, and --${alias.option} ${String(command.getOptionValue(target))} is given too: pass one`,
        { exitCode: 2, code: 'agentcore-xacct.usage' },
      );
    }
    command.setOptionValueWithSource(target, value, 'cli');
    command.setOptionValue(camelCase(name), undefined);
  }
}

/**
 * The examples after a command's help, each laid out one `--flag value` a line, after the
 * assignments of the shell variables they use (`ACCT_A=arn:…`).
 */
function addHelp(command: Command, spec: GroupSpec | CommandSpec, width: number): void {
  const examples = spec.examples ?? [];
  if (examples.length === 0) return;
  const title = examples.length === 1 ? 'Example' : 'Examples';
  const variables = Object.entries(EXAMPLE_VARIABLES)
    .filter(([name]) => examples.some((e) => e.includes(`$${name}`)))
    .map(([name, value]) => `${name}=${value}`);
  const lines = [...variables, ...examples].flatMap((e) =>
    commandLines(e, width - 4).map((line, i) =>
      // A continuation line too long for the indentation (an IAM role ARN at 60 columns) gets less.
      i === 0 ? `  $ ${line}` : `${' '.repeat(Math.max(0, Math.min(4, width - line.length)))}${line}`,
    ),
  );
  command.addHelpText('after', `\n${title}:\n${lines.join('\n')}`);
}

/** Below this many columns a description is not put beside its option or command but under it. */
const DESCRIPTION_COLUMN = 30;

/**
 * An option or command and its description in the help, wrapped to the width: beside the term
 * when the column left is wide enough for it and its longest word, else under it (a narrow
 * terminal, a long option).
 */
function formatItem(term: string, termWidth: number, description: string, helper: Help): string {
  const width = helper.helpWidth ?? 80;
  const column = width - termWidth - 4;
  const longest = Math.max(...description.split(/\s+/).map((word) => word.length));
  if (description === '' || (column >= DESCRIPTION_COLUMN && column >= longest))
    return Help.prototype.formatItem.call(helper, term, termWidth, description, helper);
  const under = helper.boxWrap(description, width - 6).replace(/^/gm, '      ');
  return `  ${term}\n${under}`;
}

/** How the program is run. @internal */
export interface ProgramOptions {
  version: string;
  /** Where commander's own messages (help, usage errors) go, wrapped like everything else. */
  out: Output;
  /** Told which command runs, before it runs. */
  onRun?: (path: CommandPath) => void;
  setExitCode: (code: number) => void;
}

/**
 * The program: every declared command with its options and help; each action runs its handler
 * and passes the exit code to `setExitCode`.
 * @internal
 */
export function buildProgram(
  handlers: Handlers,
  { version, out, onRun, setExitCode }: ProgramOptions,
): Command {
  const program = new Command(PROGRAM.name)
    .description(PROGRAM.description)
    .version(version)
    .exitOverride()
    .configureOutput({
      // Help is laid out by commander to the width; its usage errors are wrapped like ours.
      writeErr: (text) => process.stderr.write(wrap(text, out.width)),
      getOutHelpWidth: () => out.width,
      getErrHelpWidth: () => out.width,
    })
    .configureHelp({ minWidthToWrap: DESCRIPTION_COLUMN, formatItem })
    .showHelpAfterError('(run with --help for usage)');
  addOptions(program, PROGRAM.options);
  const groups = new Map<string, Command>();
  for (const [path, spec] of Object.entries(COMMANDS) as [CommandPath, CommandSpec][]) {
    const [first = path, sub] = path.split(' ');
    let parent = program;
    if (sub !== undefined) {
      let group = groups.get(first);
      if (group === undefined) {
        const groupSpec: GroupSpec = GROUPS[first as keyof typeof GROUPS];
        group = program.command(first).description(groupSpec.description);
        addHelp(group, groupSpec, out.width);
        groups.set(first, group);
      }
      parent = group;
    }
    const command = parent.command(sub ?? first).description(spec.description);
    const argument = spec.argument;
    if (argument !== undefined)
      command.argument(argument.optional ? `[${argument.arg}]` : `<${argument.arg}>`, argument.desc);
    addOptions(command, spec.options);
    addHelp(command, spec, out.width);
    command.action(async (...args: unknown[]) => {
      // Checked here rather than by commander, which does it before the unknown options: a
      // mistyped `--principals` must be named, not blamed on the `--principal` it leaves missing.
      requireOptions(command, spec.options);
      foldAliases(command, spec.options);
      const options = command.opts();
      for (const [name, option] of Object.entries(spec.options))
        if (option.aliasOf !== undefined) delete options[camelCase(name)];
      if (argument !== undefined) options[argument.name] = args[0];
      onRun?.(path);
      const handler = handlers[path] as Handler<CommandPath>;
      setExitCode(await handler(options as OptionsOf<CommandPath>));
    });
  }
  return program;
}
