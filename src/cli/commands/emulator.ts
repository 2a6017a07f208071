/**
 * `agentcore-xacct emulator`: starts the local AgentCore emulator and prints its endpoint and,
 * for each principal, ready-to-paste credentials; stops on Ctrl-C (SIGINT) or SIGTERM.
 *
 * This is the one command that prints credentials, on purpose: they are the emulator's own
 * throwaway keys, random per run, accepted by nothing but this process.
 * @internal
 */
import { type LocalAgentCore, startLocalAgentCore } from '../../testing/index.js';
import type { Output } from '../output.js';
import type { OptionsOf } from '../spec.js';

/** The seed world's principals (src/testing's default accounts). */
const SEED_PRINCIPALS = [
  'arn:aws:iam::111111111111:role/admin',
  'arn:aws:iam::222222222222:role/the-caller-role',
  'arn:aws:iam::222222222222:role/admin',
];
const SEED_RUNTIMES = [
  'agent-abcdefghij',
  'agent_sse_py-abcdefghij',
  'agent_sse_ts-abcdefghij',
  'agent_staged-abcdefghij',
  'agent_strict-abcdefghij',
];

/** Options of the emulator command, as declared in ../spec.ts. @internal */
export type EmulatorOptions = OptionsOf<'emulator'>;

/** Runs until SIGINT or SIGTERM; resolves to 0 once the emulator has stopped. @internal */
export async function runEmulator(out: Output, options: EmulatorOptions): Promise<number> {
  const emulator = await startLocalAgentCore(options.region === undefined ? {} : { region: options.region });
  const { endpoint, region } = emulator;
  const principals = [...SEED_PRINCIPALS];
  for (const arn of options.principal ?? []) {
    // Declares the principal (no identity policy yet) so that it gets keys.
    emulator.setIdentityPolicy(arn, undefined);
    principals.push(arn);
  }
  const runtimes = SEED_RUNTIMES.map(
    (id) => `arn:aws:bedrock-agentcore:${region}:111111111111:runtime/${id}`,
  );
  const memory = `arn:aws:bedrock-agentcore:${region}:111111111111:memory/shared_memory-abcdefghij`;
  if (options.output === 'json') {
    const keys = principals.map((arn) => {
      const { accessKeyId, secretAccessKey } = emulator.credentialsFor(arn);
      return { principalArn: arn, accessKeyId, secretAccessKey };
    });
    out.data(JSON.stringify({ endpoint, region, principals: keys, runtimes, memories: [memory] }, null, 2));
  } else printText(out, emulator, principals, runtimes, memory);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.stop();
  if (options.output === 'text') out.line('emulator stopped');
  return 0;
}

function printText(
  out: Output,
  emulator: LocalAgentCore,
  principals: readonly string[],
  runtimes: readonly string[],
  memory: string,
): void {
  const { endpoint, region } = emulator;
  out.line(`endpoint: ${endpoint}`);
  out.line(`region:   ${region}`);
  out.line(
    out.dim(
      '# Throwaway local keys: random for this run, accepted only by this emulator, useless once it stops.',
    ),
  );
  for (const arn of principals) {
    const { accessKeyId, secretAccessKey } = emulator.credentialsFor(arn);
    out.line('');
    out.line(`# ${arn}`);
    out.line(`export AWS_ACCESS_KEY_ID=${accessKeyId}`);
    out.line(`export AWS_SECRET_ACCESS_KEY=${secretAccessKey}`);
    out.line(`export AWS_REGION=${region}`);
  }
  out.line('');
  out.line('runtimes:');
  for (const arn of runtimes) out.line(`  ${arn}`);
  out.line('memory:');
  out.line(`  ${memory}`);
  out.line('');
  out.line(`Use --endpoint-url ${endpoint} with the other commands.`);
  out.line('Press Ctrl-C to stop.');
}
