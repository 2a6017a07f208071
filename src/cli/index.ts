#!/usr/bin/env node
/**
 * The `agentcore-xacct` command. It imports only the library's public API.
 * Exit codes: 0 ok, 1 denied or findings (or a failed demo check), 2 usage.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import {
  isAgentCoreXacctError,
  isInvalidArnError,
  isPolicyBuildError,
  isPolicyParseError,
  isValidationError,
} from '../policy/index.js';
import { CliError, describeError, missingPackage, redact } from './fail.js';
import { handlers } from './handlers.js';
import { processOutput } from './output.js';
import { buildProgram } from './program.js';
import type { CommandPath } from './spec.js';
import { flagOf } from './wording.js';

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** An error neither the CLI nor the library raised on purpose: its stack trace may help. */
function unexpected(error: unknown): boolean {
  return !(error instanceof CliError) && !isAgentCoreXacctError(error) && missingPackage(error) === undefined;
}

async function main(): Promise<void> {
  let code = 0;
  let running: CommandPath | undefined;
  const out = processOutput();
  const program = buildProgram(handlers(out), {
    version: version(),
    out,
    onRun: (path) => {
      running = path;
    },
    setExitCode: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; help and version exit 0, usage errors 2.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const debug = process.argv.includes('--debug');
    const { message, fix, details } = describeError(error, (field) => flagOf(running, field));
    out.error(redact(`agentcore-xacct: ${message.split('\n')[0] ?? ''}`));
    for (const detail of details) out.error(redact(detail));
    if (fix !== undefined) out.error(redact(`fix: ${fix}`));
    if (debug && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${redact(error.stack)}\n`);
    else if (unexpected(error)) out.error('(run again with --debug for the stack trace)');
    // Bad input (a malformed ARN, option or document) is a usage mistake: exit 2.
    const usage =
      (error as { exitCode?: unknown }).exitCode === 2 ||
      isValidationError(error) ||
      isInvalidArnError(error) ||
      isPolicyBuildError(error) ||
      isPolicyParseError(error);
    process.exitCode = usage ? 2 : 1;
    return;
  }
  process.exitCode = code;
}

await main();
