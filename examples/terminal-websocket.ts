/**
 * A terminal session with an agent runtime in Account A, over WebSocket from Account B: each line
 * typed is sent as `{"command": line}` and the agent's `{stdout, stderr, exitCode}` reply is
 * printed. The message protocol is the agent's own (a WebSocket carries what the agent defines);
 * this one is the local emulator's terminal agent. The session is signed with a presigned SigV4
 * URL and needs the optional peer `ws`.
 *
 * Without RUNTIME_ARN it runs a scripted session against the local emulator. Against AWS, as the
 * caller in Account B: `RUNTIME_ARN=arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/…`
 * then type commands (`exit` ends the session).
 *
 * Run: `npx esbuild examples/terminal-websocket.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/terminal.mjs && node out/terminal.mjs`.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

import { CrossAccountAgentClient, type CrossAccountAgentClientOptions } from 'agentcore-xacct';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region terminal
/** The terminal agent's answer to one command. */
interface CommandReply {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs each line of `lines` in the runtime session's container over one WebSocket session;
 * writes the output with `write`; returns the last exit code.
 */
export async function terminal(
  runtimeArn: string,
  lines: AsyncIterable<string> | Iterable<string>,
  write: (text: string) => void,
  options: CrossAccountAgentClientOptions = {},
): Promise<number> {
  const client = new CrossAccountAgentClient(options);
  let exitCode = 0;
  try {
    const connection = await client.connect({ runtimeArn, timeoutMs: 10_000 });
    write(`connected: session ${connection.sessionId}\n`);
    try {
      for await (const line of lines) {
        if (line.trim() === 'exit') break;
        if (line.trim() === '') continue;
        await connection.send({ command: line });
        const message = await connection.next({ timeoutMs: 310_000 });
        if (message === undefined) break; // The agent closed the session.
        const reply = message.data as CommandReply;
        write(reply.stdout);
        write(reply.stderr);
        exitCode = reply.exitCode;
      }
    } finally {
      await connection.close();
    }
  } finally {
    client.destroy();
  }
  return exitCode;
}
// #endregion terminal

/** A scripted session on the local emulator, as the caller in Account B; returns the transcript. */
export async function onEmulator(
  lines: readonly string[],
): Promise<{ transcript: string; exitCode: number }> {
  const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
  const endpointArn = `${runtimeArn}/runtime-endpoint/DEFAULT`;
  const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
  const action = 'bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream';
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
    // Account B: the caller's identity policy allows the same, on both ARNs.
    emulator.setIdentityPolicy(callerRoleArn, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: action, Resource: [runtimeArn, endpointArn] }],
    });
    const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
    let transcript = '';
    const exitCode = await terminal(
      runtimeArn,
      lines,
      (text) => {
        transcript += text;
      },
      { access: { mode: 'resource-policy', credentials }, clientConfig: { endpoint } },
    );
    return { transcript, exitCode };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const runtimeArn = process.env.RUNTIME_ARN;
  if (runtimeArn === undefined) {
    console.log('RUNTIME_ARN is not set: a scripted session on the local emulator.');
    const { transcript } = await onEmulator(['pwd', 'echo hello from Account B', 'nope', 'exit']);
    process.stdout.write(transcript);
    return;
  }
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt: '$ ' });
  input.prompt();
  async function* lines(): AsyncGenerator<string> {
    for await (const line of input) {
      yield line;
      input.prompt();
    }
  }
  process.exitCode = await terminal(runtimeArn, lines(), (text) => process.stdout.write(text));
  input.close();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
