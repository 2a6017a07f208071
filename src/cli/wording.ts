/**
 * The library's texts (errors, doctor checks, audit findings) in the CLI's words: a library field
 * as the flag that feeds it (`timeoutMs` → `--extraction-timeout`), and the few phrases that name
 * a library function or option where the CLI has a flag. The library keeps its own wording for
 * library users.
 * @internal
 */
import { COMMANDS, type CommandPath, camelCase, type OptionSpec } from './spec.js';

/**
 * The flag of a command that feeds a library field (`sessionId` or `access.roleArn` →
 * `--session-id`, `--role-arn`), so errors speak of the flags the user typed. @internal
 */
export function flagOf(path: CommandPath | undefined, field: string): string | undefined {
  if (path === undefined) return undefined;
  const key = field.split('.').at(-1) ?? field;
  const options: Readonly<Record<string, OptionSpec>> = COMMANDS[path].options;
  const flag = Object.entries(options).find(
    ([name, spec]) => camelCase(name) === key || spec.feeds?.includes(key) === true,
  )?.[0];
  return flag === undefined ? undefined : `--${flag}`;
}

/** Library phrases a command's text output rewrites, with what the CLI user does instead. @internal */
export const PHRASES: Partial<Record<CommandPath, readonly (readonly [string, string])[]>> = {
  // The doctor CLI has no credentials flag: the default chain is how it gets them.
  doctor: [
    [
      'Give caller.credentials, or configure the default credential chain',
      'Configure the default credential chain',
    ],
    // The flag takes seconds; the library's timeoutMs milliseconds.
    ['retry with a longer timeoutMs', 'retry with a longer --extraction-timeout (seconds)'],
  ],
  audit: [
    ['fixDrift(audit) plans it', '`agentcore-xacct audit --fix-drift` plans it'],
    ['(fixDrift deletes it:', '(--fix-drift deletes it:'],
  ],
};

/**
 * A library text as the CLI's `path` says it: its phrases rewritten, then each library field
 * (camelCase, maybe dotted, not a call) as the flag that feeds it. @internal
 */
export function inCliWords(
  text: string,
  flag: (field: string) => string | undefined,
  path?: CommandPath,
): string {
  let said = text;
  for (const [library, cli] of (path === undefined ? undefined : PHRASES[path]) ?? [])
    said = said.split(library).join(cli);
  return said.replace(
    /\b[a-z][a-zA-Z]*[A-Z][a-zA-Z]*(?:\.[a-z][a-zA-Z]*)*\b(?!\()/g,
    (word) => flag(word) ?? word,
  );
}

/** {@link inCliWords} for the text output of a running command. @internal */
export function cliWords(path: CommandPath, text: string): string {
  return inCliWords(text, (field) => flagOf(path, field), path);
}
