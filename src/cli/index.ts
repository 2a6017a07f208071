#!/usr/bin/env node
/**
 * The `agentcore-xacct` command. It imports only the library's public API.
 * Exit codes: 0 ok, 1 denied or findings (or a failed demo check), 2 usage.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
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
    process.stderr.write(`agentcore-xacct: ${(error as Error).message ?? String(error)}\n`);
    if (debug && error instanceof Error && error.stack !== undefined)
      process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(run again with --debug for the stack trace)\n');
    process.exitCode = 1;
    return;
  }
  process.exitCode = code;
}

await main();
