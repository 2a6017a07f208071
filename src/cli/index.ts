#!/usr/bin/env node
/**
 * The `agentcore-xacct` command. It imports only the library's public API.
 * Exit codes: 0 ok, 1 denied or findings (or a failed demo check), 2 usage.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isInvalidArnError, isPolicyParseError, isValidationError } from '../policy/index.js';
import { describeError, redact } from './fail.js';
import { processOutput } from './output.js';

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

/** Builds the command tree; `run` resolves to the exit code. @internal */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const out = processOutput();
  const program = new Command('agentcore-xacct')
    .description(
      'Cross-account Amazon Bedrock AgentCore: policies, lint, diagnosis, invoke and memory across accounts.',
    )
    .version(version())
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('demo')
    .description(
      "Run the seed's two-account world on the embedded emulator: both access patterns, a streamed reply, cross-account memory, and the four gotchas with what AWS says beside what the library says.",
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct demo\n  $ NO_COLOR=1 npx agentcore-xacct demo > demo.log',
    )
    .action(async () => {
      const { runDemo } = await import('./commands/demo.js');
      setExitCode(await runDemo(out));
    });

  program
    .command('lint')
    .description(
      'Lint policy documents (resource, identity, trust) or whole cross-account setups; exit 1 on errors.',
    )
    .argument(
      '<file...>',
      'JSON files: a policy document, or a setup {targets, resourcePolicies, identityPolicies}',
    )
    .option('--kind <kind>', 'resource | identity | trust | setup (default: guessed from each document)')
    .option(
      '--attached-to <arn>',
      'for a resource policy: the runtime, endpoint or memory ARN it is attached to',
    )
    .option('--owner-account <id>', 'for an identity policy: the account that owns the resources (Account A)')
    .option('--format <format>', 'text | json | sarif (SARIF 2.1.0 for code scanning)', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  $ npx agentcore-xacct lint runtime-policy.json --attached-to arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij\n  $ npx agentcore-xacct lint policies/*.json --owner-account 111111111111 --format sarif > lint.sarif',
    )
    .action(async (files: string[], options: import('./commands/lint.js').LintCommandOptions) => {
      const { runLint } = await import('./commands/lint.js');
      setExitCode(runLint(out, files, options));
    });

  return program;
}

async function main(): Promise<void> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
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
    const { message, fix } = describeError(error);
    process.stderr.write(`${redact(`agentcore-xacct: ${message.split('\n')[0] ?? ''}`)}\n`);
    if (fix !== undefined) process.stderr.write(`${redact(`fix: ${fix}`)}\n`);
    if (debug && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${redact(error.stack)}\n`);
    else if (fix === undefined) process.stderr.write('(run again with --debug for the stack trace)\n');
    // Bad input (a malformed ARN, option or document) is a usage mistake: exit 2.
    const usage =
      (error as { exitCode?: unknown }).exitCode === 2 ||
      isValidationError(error) ||
      isInvalidArnError(error) ||
      isPolicyParseError(error);
    process.exitCode = usage ? 2 : 1;
    return;
  }
  process.exitCode = code;
}

await main();
