/**
 * InvokeAgentRuntimeCommand on the emulator with the unmodified SDK client: the answer is an AWS
 * event stream the SDK parses (contentStart, contentDelta with stdout and stderr, contentStop), the
 * emulated shell never runs anything on the host, the timeout ends a command TIMED_OUT, and the
 * call is authorized on the runtime and its endpoint.
 */
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommandCommand,
  type InvokeAgentRuntimeCommandCommandOutput,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';

let emulator: LocalAgentCore;
let admin: BedrockAgentCoreClient;
beforeAll(async () => {
  emulator = await startLocalAgentCore();
  admin = new BedrockAgentCoreClient({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });
});
afterAll(async () => {
  admin.destroy();
  await emulator.stop();
});

async function events(output: InvokeAgentRuntimeCommandCommandOutput): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of output.stream ?? []) out.push(e);
  return out;
}

describe('InvokeAgentRuntimeCommand', () => {
  it('streams the command output as events the SDK parses', async () => {
    const output = await admin.send(
      new InvokeAgentRuntimeCommandCommand({
        agentRuntimeArn: RUNTIME_ARN,
        runtimeSessionId: 's'.repeat(40),
        body: { command: 'echo hello world; echo oops >&2; nope; exit 3' },
      }),
    );
    expect(output.contentType).toBe('application/vnd.amazon.eventstream');
    expect(output.runtimeSessionId).toBe('s'.repeat(40));
    expect(await events(output)).toEqual([
      { chunk: { contentStart: {} } },
      { chunk: { contentDelta: { stdout: 'hello world\n' } } },
      { chunk: { contentDelta: { stderr: 'oops\n' } } },
      { chunk: { contentDelta: { stderr: 'sh: 1: nope: not found\n' } } },
      { chunk: { contentStop: { exitCode: 3, status: 'COMPLETED' } } },
    ]);
    expect(emulator.runtimeSessions(RUNTIME_ARN)).toContain('s'.repeat(40));
  });

  it('ends a command past its timeout TIMED_OUT', async () => {
    const output = await admin.send(
      new InvokeAgentRuntimeCommandCommand({
        agentRuntimeArn: RUNTIME_ARN,
        body: { command: 'echo start; sleep 30', timeout: 1 },
      }),
    );
    const all = await events(output);
    expect(all.at(-1)).toEqual({ chunk: { contentStop: { exitCode: -1, status: 'TIMED_OUT' } } });
  });

  it('refuses a timeout outside 1–3600 seconds', async () => {
    await expect(
      admin.send(
        new InvokeAgentRuntimeCommandCommand({
          agentRuntimeArn: RUNTIME_ARN,
          body: { command: 'true', timeout: 0 },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('is authorized on the runtime and its endpoint: an endpoint policy missing denies', async () => {
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'bedrock-agentcore:InvokeAgentRuntimeCommand',
          Resource: [RUNTIME_ARN, ENDPOINT_ARN],
        },
      ],
    });
    const caller = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
    try {
      await expect(
        caller.send(
          new InvokeAgentRuntimeCommandCommand({ agentRuntimeArn: RUNTIME_ARN, body: { command: 'true' } }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: expect.stringContaining('bedrock-agentcore:InvokeAgentRuntimeCommand on resource: '),
      });
    } finally {
      caller.destroy();
    }
  });
});
