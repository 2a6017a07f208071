#!/usr/bin/env node
/**
 * The `agentcore-xacct` command. It imports only the library's public API.
 * Exit codes: 0 ok, 1 denied or findings (or a failed demo check), 2 usage.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import {
  isAgentCoreXacctError,
  isInvalidArnError,
  isPolicyParseError,
  isValidationError,
} from '../policy/index.js';
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

  const policy = program
    .command('policy')
    .description(
      'Print the policies both accounts need (JSON or AWS CLI commands), or apply the resource policies.',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct policy runtime --runtime-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij --principal arn:aws:iam::222222222222:role/the-caller-role',
    );
  const output = (command: Command, apply: boolean): Command => {
    command.option('--format <format>', 'json | cli (the equivalent AWS CLI commands)', 'json');
    if (apply)
      command
        .option('--apply', 'put the resource policies now (default credential chain, e.g. AWS_PROFILE)')
        .option('--endpoint-url <url>', 'control-plane endpoint (e.g. the emulator)')
        .option('--region <region>', "control-plane region (default: the resource ARN's)");
    else command.option('--apply', 'not available: IAM policies are printed, not applied');
    return command;
  };
  output(
    policy
      .command('runtime')
      .description('Resource policies of a runtime and each of its endpoints (Account A).')
      .requiredOption('--runtime-arn <arn>', 'the runtime ARN')
      .requiredOption('--principal <arn...>', 'roles or accounts in Account B allowed to invoke')
      .option('--qualifier <name...>', 'endpoints invoked (default DEFAULT)')
      .option('--action <action...>', 'actions to allow (default: invoke actions)')
      .option('--org-id <id>', 'require aws:PrincipalOrgID'),
    true,
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ npx agentcore-xacct policy runtime --runtime-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij --principal arn:aws:iam::222222222222:role/the-caller-role --format cli\n  $ AWS_PROFILE=account-a npx agentcore-xacct policy runtime --runtime-arn … --principal … --apply',
    )
    .action(async (options: import('./commands/policy.js').RuntimePolicyOptions) => {
      const { runRuntimePolicy } = await import('./commands/policy.js');
      setExitCode(await runRuntimePolicy(out, options));
    });
  output(
    policy
      .command('memory')
      .description('Resource policy of a memory (Account A): readers and writers.')
      .requiredOption('--memory-arn <arn>', 'the full memory ARN')
      .option('--reader <arn...>', 'principals allowed to read')
      .option('--writer <arn...>', 'principals allowed to write (and read)')
      .option('--org-id <id>', 'require aws:PrincipalOrgID'),
    true,
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct policy memory --memory-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij --writer arn:aws:iam::222222222222:role/the-caller-role',
    )
    .action(async (options: import('./commands/policy.js').MemoryPolicyOptions) => {
      const { runMemoryPolicy } = await import('./commands/policy.js');
      setExitCode(await runMemoryPolicy(out, options));
    });
  output(
    policy
      .command('caller')
      .description("The caller's identity policy (Account B): invoke, memory and assume-role grants.")
      .option('--runtime-arn <arn...>', 'runtimes to invoke')
      .option('--qualifier <name...>', 'endpoints invoked (default DEFAULT)')
      .option('--memory-arn <arn...>', 'memories to use')
      .option('--memory-access <access>', 'read | read-write')
      .option('--assume-role-arn <arn...>', 'roles in Account A to assume')
      .option('--role-name <name>', 'the role to attach it to (for --format cli)'),
    false,
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct policy caller --runtime-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij --role-name the-caller-role --format cli',
    )
    .action(async (options: import('./commands/policy.js').CallerPolicyOptions) => {
      const { runCallerPolicy } = await import('./commands/policy.js');
      setExitCode(runCallerPolicy(out, options));
    });
  output(
    policy
      .command('trust')
      .description('Trust policy of a role in Account A that Account B assumes.')
      .requiredOption('--trusted-principal <arn...>', 'principals in Account B allowed to assume the role')
      .option('--external-id <id>', 'require sts:ExternalId')
      .option('--org-id <id>', 'require aws:PrincipalOrgID')
      .option('--role-name <name>', 'the role whose trust policy it is (for --format cli)'),
    false,
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct policy trust --trusted-principal arn:aws:iam::222222222222:role/the-caller-role --external-id my-external-id --role-name CrossAccountAgentInvoker',
    )
    .action(async (options: import('./commands/policy.js').TrustPolicyOptions) => {
      const { runTrustPolicy } = await import('./commands/policy.js');
      setExitCode(runTrustPolicy(out, options));
    });

  output(
    policy
      .command('delivery')
      .description(
        'A memory in Account A that delivers to Account B: execution role, destination policies and CreateMemory input.',
      )
      .requiredOption('--region <region>', 'region of the memory (Account A)')
      .requiredOption('--account-id <id>', 'Account A: owner of the memory and its execution role')
      .requiredOption('--execution-role-name <name>', 'the memory execution role to create in Account A')
      .option('--s3-bucket <name>', 'payload delivery bucket in Account B (with --sns-topic-arn)')
      .option('--sns-topic-arn <arn>', 'notification topic in Account B (with --s3-bucket)')
      .option('--kinesis-stream-arn <arn>', 'record stream in Account B')
      .option('--memory-name <name>', 'the memory name')
      .option('--event-expiry-days <days>', 'event expiry in days'),
    false,
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct policy delivery --region eu-west-1 --account-id 111111111111 --execution-role-name MemoryDeliveryRole \\\n      --kinesis-stream-arn arn:aws:kinesis:eu-west-1:222222222222:stream/memory-records --format cli',
    )
    .action(async (options: import('./commands/policy.js').DeliveryPolicyOptions) => {
      const { runDeliveryPolicy } = await import('./commands/policy.js');
      setExitCode(runDeliveryPolicy(out, options));
    });

  program
    .command('explain')
    .description('Decide one request offline from the given policies and print the evaluation trace.')
    .requiredOption('--principal <arn>', 'the calling role, user or assumed-role session')
    .requiredOption('--action <action>', 'e.g. bedrock-agentcore:InvokeAgentRuntime')
    .requiredOption('--resource <arn>', 'the runtime, endpoint or memory ARN')
    .option('--qualifier <name>', 'the endpoint invoked (default DEFAULT)')
    .option('--identity <file...>', "the principal's identity policies")
    .option('--resource-policy <arn=file...>', 'resource policies by the ARN they are attached to')
    .option('--scp <file...>', 'service control policies')
    .option('--session-policy <file>', 'the session policy')
    .option('--permissions-boundary <file>', 'the permissions boundary')
    .option('--context <key=value...>', 'request context keys (a,b for a list)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct explain --principal arn:aws:iam::222222222222:role/the-caller-role \\\n      --action bedrock-agentcore:InvokeAgentRuntime \\\n      --resource arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij \\\n      --identity caller.json \\\n      --resource-policy arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij=runtime.json',
    )
    .action(async (options: import('./commands/explain.js').ExplainOptions) => {
      const { runExplain } = await import('./commands/explain.js');
      setExitCode(runExplain(out, options));
    });

  program
    .command('emulator')
    .description(
      "Start the local AgentCore emulator (the seed's two accounts, runtimes and memory); print its endpoint and each principal's throwaway keys; stop on Ctrl-C.",
    )
    .option('--region <region>', 'the region the emulator serves', 'eu-west-1')
    .option('--principal <arn...>', 'more roles or users to declare (they get keys, no policies)')
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct emulator\n  $ npx agentcore-xacct emulator --principal arn:aws:iam::222222222222:role/another-caller',
    )
    .action(async (options: import('./commands/emulator.js').EmulatorOptions) => {
      const { runEmulator } = await import('./commands/emulator.js');
      setExitCode(await runEmulator(out, options));
    });

  program
    .command('invoke')
    .description('Invoke an agent runtime in another account and stream its events as they arrive.')
    .requiredOption('--runtime-arn <arn>', 'the runtime (or endpoint) ARN in Account A')
    .requiredOption('--payload <json|@file>', 'the JSON payload, inline or @file')
    .option('--session-id <id>', 'continue a session (33-256 characters; default: a new one)')
    .option('--qualifier <name>', 'the endpoint (default DEFAULT)')
    .option('--user-id <id>', 'the end user (needs InvokeAgentRuntimeForUser)')
    .option('--role-arn <arn>', 'assume this role in Account A first (pattern 2)')
    .option('--external-id <id>', 'the ExternalId the role trust policy requires')
    .option('--profile <name>', 'use this AWS profile (e.g. one with role_arn)')
    .option('--endpoint-url <url>', 'data-plane (and STS) endpoint, e.g. the emulator')
    .option('--region <region>', "region (default: the runtime ARN's)")
    .option('--json', 'print one JSON object per event (NDJSON)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ npx agentcore-xacct invoke --runtime-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij --payload \'{"prompt":"Hello"}\'\n  $ npx agentcore-xacct invoke --runtime-arn … --payload @request.json --role-arn arn:aws:iam::111111111111:role/CrossAccountAgentInvoker --external-id my-id --json',
    )
    .action(async (options: import('./commands/invoke.js').InvokeOptions) => {
      const { runInvoke } = await import('./commands/invoke.js');
      setExitCode(await runInvoke(out, options));
    });

  program
    .command('doctor')
    .description(
      'Check a cross-account setup live: identity, ARNs, assume-role, probes, and (with --owner-profile) the policies in Account A.',
    )
    .option('--runtime-arn <arn>', 'the runtime to reach')
    .option('--qualifier <name...>', 'its endpoints (default DEFAULT)')
    .option('--memory-arn <arn>', 'the memory to reach (full ARN)')
    .option('--role-arn <arn>', 'the role in Account A to assume (pattern 2)')
    .option('--external-id <id>', 'the ExternalId the role trust policy requires')
    .option('--identity <file...>', "the caller's identity policies, when known")
    .option('--owner-profile <name>', 'an AWS profile of Account A, to read and lint its resource policies')
    .option('--endpoint-url <url>', 'endpoint for every client, e.g. the emulator')
    .option('--region <region>', "region (default: the ARNs')")
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct doctor --runtime-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij \\\n      --memory-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij --owner-profile account-a',
    )
    .action(async (options: import('./commands/doctor.js').DoctorCommandOptions) => {
      const { runDoctor } = await import('./commands/doctor.js');
      setExitCode(await runDoctor(out, options));
    });

  const memory = program
    .command('memory')
    .description(
      'Use a memory in another account: create events, retrieve and list records, list events, import records.',
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ npx agentcore-xacct memory retrieve --memory-arn arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij --namespace preferences/user-42 --query "meeting times"',
    );
  const access = (command: Command): Command =>
    command
      .requiredOption('--memory-arn <arn>', 'the full memory ARN in Account A')
      .option('--role-arn <arn>', 'assume this role in Account A first')
      .option('--external-id <id>', 'the ExternalId the role trust policy requires')
      .option('--profile <name>', 'use this AWS profile')
      .option('--endpoint-url <url>', 'data-plane (and STS) endpoint, e.g. the emulator')
      .option('--region <region>', "region (default: the memory ARN's)")
      .option('--json', 'print JSON');
  const MEMORY_EXAMPLE = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
  access(
    memory
      .command('create-event')
      .description('Record one conversational turn as an event.')
      .requiredOption('--actor-id <id>', 'the actor (end user)')
      .requiredOption('--session-id <id>', 'the session')
      .requiredOption('--text <text>', 'what was said')
      .option('--role <role>', 'USER | ASSISTANT | TOOL | OTHER', 'USER'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  $ npx agentcore-xacct memory create-event --memory-arn ${MEMORY_EXAMPLE} --actor-id user-42 --session-id s-1 --text "I prefer mornings"`,
    )
    .action(async (options) => {
      const { runCreateEvent } = await import('./commands/memory.js');
      setExitCode(await runCreateEvent(out, options));
    });
  access(
    memory
      .command('retrieve')
      .description('Semantic search of the memory records in a namespace.')
      .requiredOption('--namespace <ns>', 'the namespace, e.g. preferences/user-42')
      .requiredOption('--query <text>', 'what to search for')
      .option('--top-k <n>', 'how many records'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  $ npx agentcore-xacct memory retrieve --memory-arn ${MEMORY_EXAMPLE} --namespace preferences/user-42 --query "meeting times"`,
    )
    .action(async (options) => {
      const { runRetrieve } = await import('./commands/memory.js');
      setExitCode(await runRetrieve(out, options));
    });
  access(
    memory
      .command('list-records')
      .description('List the memory records of a namespace.')
      .requiredOption('--namespace <ns>', 'the namespace'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  $ npx agentcore-xacct memory list-records --memory-arn ${MEMORY_EXAMPLE} --namespace preferences/user-42 --json`,
    )
    .action(async (options) => {
      const { runListRecords } = await import('./commands/memory.js');
      setExitCode(await runListRecords(out, options));
    });
  access(
    memory
      .command('list-events')
      .description('List the events of an actor and session.')
      .requiredOption('--actor-id <id>', 'the actor')
      .requiredOption('--session-id <id>', 'the session'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  $ npx agentcore-xacct memory list-events --memory-arn ${MEMORY_EXAMPLE} --actor-id user-42 --session-id s-1`,
    )
    .action(async (options) => {
      const { runListEvents } = await import('./commands/memory.js');
      setExitCode(await runListEvents(out, options));
    });
  access(
    memory
      .command('import')
      .description(
        'Create memory records from a JSONL file (one {"content":{"text":…},"namespaces":[…]} a line).',
      )
      .argument('<file>', 'the JSONL file')
      .option('--failed-file <file>', 'where failed records go (default: FILE.failed.jsonl)'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  $ npx agentcore-xacct memory import records.jsonl --memory-arn ${MEMORY_EXAMPLE}`,
    )
    .action(async (file: string, options) => {
      const { runImport } = await import('./commands/memory.js');
      setExitCode(await runImport(out, file, options));
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
    // The library's own errors say what is wrong in their one line: a stack adds nothing.
    else if (fix === undefined && !isAgentCoreXacctError(error))
      process.stderr.write('(run again with --debug for the stack trace)\n');
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
