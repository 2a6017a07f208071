/**
 * Errors the CLI reports itself: one line saying what is wrong, one line saying how to fix it,
 * and the exit code (2 for usage mistakes). Secrets are scrubbed from everything printed.
 * @internal
 */

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

/** The one-line message and the fix of any thrown value. @internal */
export function describeError(error: unknown): { message: string; fix: string | undefined } {
  if (error instanceof CliError)
    return { message: error.message, fix: error.message.includes(error.fix) ? undefined : error.fix };
  const missing = missingPackage(error);
  if (missing !== undefined) return describeError(missingPackagesError('This command', [missing]));
  const message = error instanceof Error ? error.message : String(error);
  const typed = error as { fix?: unknown; diagnosis?: { causes?: readonly { fix?: unknown }[] } } | null;
  // An AccessDenied error's fix is that of its most likely cause.
  const fix = typed?.fix ?? typed?.diagnosis?.causes?.[0]?.fix;
  // Library errors already end their message with "Fix: …"; do not print it twice.
  if (typeof fix === 'string' && !message.includes(fix)) return { message, fix };
  return { message, fix: undefined };
}
