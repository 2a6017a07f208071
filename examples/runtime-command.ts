/**
 * Account B runs a command in the container of an agent runtime session in Account A
 * (InvokeAgentRuntimeCommand) and reads its output as it streams.
 *
 * Without RUNTIME_ARN it runs against the local emulator. Against AWS, as the caller in Account B:
 * `RUNTIME_ARN=arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/… SESSION_ID=…` runs
 * `ls -la` in that session.
 *
 * Run: `npx esbuild examples/runtime-command.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/runtime-command.mjs && node out/runtime-command.mjs`.
 */
import { pathToFileURL } from 'node:url';

import { CrossAccountAgentClient, type CrossAccountAgentClientOptions } from 'agentcore-xacct';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region command
/** Runs `command` in the runtime session `sessionId` (a new session when absent); streams its output. */
export async function runInSession(
  runtimeArn: string,
  command: string,
  write: (stream: 'stdout' | 'stderr', text: string) => void,
  options: CrossAccountAgentClientOptions & { sessionId?: string } = {},
): Promise<{ sessionId: string; exitCode: number; status: string }> {
  const { sessionId, ...clientOptions } = options;
  const client = new CrossAccountAgentClient(clientOptions);
  try {
    const execution = await client.command({
      runtimeArn,
      command,
      timeoutSeconds: 120,
      ...(sessionId === undefined ? {} : { sessionId }),
    });
    let exit = { exitCode: -1, status: 'UNKNOWN' };
    for await (const event of execution) {
      if (event.type === 'stdout' || event.type === 'stderr') write(event.type, event.text);
      else if (event.type === 'exit') exit = { exitCode: event.exitCode, status: event.status };
    }
    return { sessionId: execution.sessionId, ...exit };
  } finally {
    client.destroy();
  }
}
// #endregion command

/** On the local emulator, as the caller in Account B: one command in a new session. */
export async function onEmulator(
  command: string,
): Promise<{ output: string; exitCode: number; status: string }> {
  const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
  const endpointArn = `${runtimeArn}/runtime-endpoint/DEFAULT`;
  const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
  const action = 'bedrock-agentcore:InvokeAgentRuntimeCommand';
  // Account A: the runtime and its endpoint each allow Account B's role (hierarchical authorization).
  const allowCaller = (resource: string) => ({
    Version: '2012-10-17' as const,
    Statement: [
      { Effect: 'Allow' as const, Principal: { AWS: callerRoleArn }, Action: action, Resource: resource },
    ],
  });
  const emulator = await startLocalAgentCore({
    resourcePolicies: { [runtimeArn]: allowCaller(runtimeArn), [endpointArn]: allowCaller(endpointArn) },
  });
  try {
    emulator.setIdentityPolicy(callerRoleArn, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: action, Resource: [runtimeArn, endpointArn] }],
    });
    const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
    let output = '';
    const { exitCode, status } = await runInSession(
      runtimeArn,
      command,
      (_stream, text) => {
        output += text;
      },
      { access: { mode: 'resource-policy', credentials }, clientConfig: { endpoint } },
    );
    return { output, exitCode, status };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const runtimeArn = process.env.RUNTIME_ARN;
  if (runtimeArn === undefined) {
    console.log('RUNTIME_ARN is not set: running against the local emulator.');
    console.log(await onEmulator('pwd; echo hello'));
    return;
  }
  const sessionId = process.env.SESSION_ID;
  const result = await runInSession(
    runtimeArn,
    'ls -la',
    (stream, text) => process[stream].write(text),
    sessionId === undefined ? {} : { sessionId },
  );
  process.exitCode = result.exitCode === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
