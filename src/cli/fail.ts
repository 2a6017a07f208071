/**
 * Errors the CLI reports itself: one line saying what is wrong, one line saying how to fix it,
 * and the exit code (2 for usage mistakes). Secrets are scrubbed from everything printed.
 * @internal
 */
import { inCliWords } from './wording.js';

/** A mistake in how the command was called or in a file it was given. @internal */
export class CliError extends Error {
  readonly fix: string;
  readonly exitCode: number;

  constructor(message: string, fix: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

const SECRET_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'] as const;

/**
 * Removes credentials from text: the values of the secret environment variables, access key ids,
 * and the secret-bearing fields of signed requests. @internal
 */
export function redact(text: string): string {
  let out = text;
  for (const name of SECRET_ENV) {
    const value = process.env[name];
    if (value !== undefined && value.length >= 8) out = out.split(value).join('[redacted]');
  }
  return out
    .replace(/\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g, '[redacted-key-id]')
    .replace(/(Signature=)[0-9a-f]{64}/gi, '$1[redacted]')
    .replace(
      /((?:X-Amz-Security-Token|SecretAccessKey|SessionToken)["']?\s*[:=]\s*["']?)[^\s"'&,]+/gi,
      '$1[redacted]',
    );
}

/**
 * The package a module-not-found error says is missing: a bare package name (`@scope/name` or
 * `name`), never a relative file of the CLI's own. @internal
 */
export function missingPackage(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' || typeof message !== 'string') return undefined;
  return /^Cannot find package '((?:@[\w.-]+\/)?[\w.-]+)'/.exec(message)?.[1];
}

/** The one-line error for optional peer dependencies that are not installed. @internal */
export function missingPackagesError(what: string, packages: readonly string[]): CliError {
  const fix = `npm install ${packages.join(' ')}`;
  const which =
    packages.length === 1
      ? `${packages[0]}, an optional peer dependency that is`
      : `${packages.join(', ')}, optional peer dependencies that are`;
  return new CliError(`${what} needs ${which} not installed: run ${fix}`, fix, 1);
}

/** What the CLI prints for an error: its message, lines of detail, and the fix. @internal */
export interface ErrorReport {
  message: string;
  details: string[];
  fix: string | undefined;
}

interface DiagnosedDenial {
  message: string;
  principalArn?: string | undefined;
  action?: string | undefined;
  resourceArn?: string | undefined;
  diagnosis?: {
    causes?: readonly { code?: string; confidence?: string; evidence?: string; fix?: string }[];
  };
}

/**
 * An AccessDenied as a CLI user reads it: who may not do what, the first cause with its evidence
 * and fix, the other suspects by code, where each is explained, and AWS's own words. Read from the
 * error's fields, not its message, which speaks to library users.
 */
function deniedReport(error: DiagnosedDenial): ErrorReport {
  const [first, ...rest] = error.diagnosis?.causes ?? [];
  const who = error.principalArn ?? 'the caller';
  const where = error.resourceArn === undefined ? '' : ` on ${error.resourceArn}`;
  const details: string[] = [];
  if (first !== undefined) {
    details.push(`${first.confidence ?? 'likely'} cause: ${first.code}. ${first.evidence ?? ''}`.trim());
    const others = [...new Set(rest.map((c) => c.code))].filter((c) => c !== first.code);
    if (others.length > 0) details.push(`then check: ${others.join(', ')}`);
  }
  const link = /See (\S+) \(offline: ([^)]+)\)\./.exec(error.message);
  if (link !== null) details.push(`see ${link[1]} (offline: ${link[2]})`);
  const aws = /AWS said: ("[\s\S]*")$/.exec(error.message);
  if (aws !== null) details.push(`AWS said: ${aws[1]}`);
  return {
    message: `access denied: ${who} may not ${error.action ?? 'call'}${where}`,
    details,
    fix: first?.fix,
  };
}

/**
 * The message, details and fix of any thrown value. `flagOf` names the command-line flag that
 * fed a library field, so that a library validation error speaks of the flag. @internal
 */
export function describeError(
  error: unknown,
  flagOf: (field: string) => string | undefined = () => undefined,
): ErrorReport {
  const report = reportOf(error, flagOf);
  // The library's own field names (camelCase, maybe dotted: `access.roleArn`) as the flags that fed them.
  const speak = (text: string) => inCliWords(text, flagOf);
  return {
    message: speak(report.message),
    details: report.details,
    fix: report.fix === undefined ? undefined : speak(report.fix),
  };
}

function reportOf(error: unknown, flagOf: (field: string) => string | undefined): ErrorReport {
  if (error instanceof CliError)
    return {
      message: error.message,
      details: [],
      fix: error.message.includes(error.fix) ? undefined : error.fix,
    };
  const missing = missingPackage(error);
  if (missing !== undefined) return reportOf(missingPackagesError('This command', [missing]), flagOf);
  const typed = error as { code?: unknown; field?: unknown; fix?: unknown; name?: unknown } | null;
  if (typed?.code === 'access-denied' && (error as DiagnosedDenial).diagnosis !== undefined)
    return deniedReport(error as DiagnosedDenial);
  const message = error instanceof Error ? error.message : String(error);
  if (typeof typed?.field === 'string' && typeof typed.fix === 'string') {
    // A library validation error: "<what> (field: <field>). Fix: <fix>".
    const flag = flagOf(typed.field);
    const what = message.split(' (field: ')[0] ?? message;
    return { message: flag === undefined ? what : `${flag}: ${what}`, details: [], fix: typed.fix };
  }
  const fix = typed?.fix;
  // Library errors already end their message with "Fix: …"; do not print it twice.
  if (typeof fix === 'string' && !message.includes(fix)) return { message, details: [], fix };
  return { message, details: [], fix: undefined };
}
