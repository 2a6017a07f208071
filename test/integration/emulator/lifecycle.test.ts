/**
 * Emulator lifecycle: several instances at once on their own ports, `stop()` leaving nothing
 * open, the request log without secrets, and typed errors for misuse.
 */
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { isValidationError } from '../../../src/errors.js';
import { startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { agentCore, invokeText } from './helpers.js';

function openHandles(): number {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap' || r === 'Timeout').length;
}

describe('lifecycle', () => {
  it('runs several instances at once, each on 127.0.0.1 with its own port and keys', async () => {
    const [a, b] = await Promise.all([startLocalAgentCore(), startLocalAgentCore()]);
    expect(a.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.endpoint).not.toBe(b.endpoint);
    expect(a.region).toBe('eu-west-1');
    const ca = agentCore(a, ADMIN_ROLE_ARN);
    const cb = agentCore(b, ADMIN_ROLE_ARN);
    const [ra, rb] = await Promise.all([
      invokeText(ca, { agentRuntimeArn: RUNTIME_ARN }),
      invokeText(cb, { agentRuntimeArn: RUNTIME_ARN }),
    ]);
    ca.destroy();
    cb.destroy();
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    expect([a.requests.length, b.requests.length]).toEqual([1, 1]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('stop() closes the server, keep-alive connections and open streams', async () => {
    const before = openHandles();
    const emulator = await startLocalAgentCore({
      runtimes: [
        { runtimeId: 'agent-abcdefghij', accountId: '111111111111' },
        {
          runtimeId: 'slow_stream-abcdefghij',
          accountId: '111111111111',
          agent: 'sse-python',
          eventIntervalMs: 60_000,
        },
      ],
    });
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    await invokeText(client, { agentRuntimeArn: RUNTIME_ARN });
    // A stream that would take minutes: stop() must cut it.
    const streaming = await client.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/slow_stream-abcdefghij',
        payload: JSON.stringify({ prompt: 'a b c' }),
      }),
    );
    const drained = streaming.response?.transformToString().catch(() => 'cut');
    await emulator.stop();
    await drained;
    client.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(openHandles()).toBeLessThanOrEqual(before);
    await emulator.stop(); // idempotent
  });

  it('throws a typed error for an unknown principal and accepts new ones through setIdentityPolicy', async () => {
    const emulator = await startLocalAgentCore();
    let thrown: unknown;
    try {
      emulator.credentialsFor('arn:aws:iam::222222222222:role/nobody');
    } catch (error) {
      thrown = error;
    }
    expect(isValidationError(thrown)).toBe(true);
    emulator.setIdentityPolicy('arn:aws:iam::222222222222:role/nobody', undefined);
    expect(emulator.credentialsFor('arn:aws:iam::222222222222:role/nobody').accessKeyId).toMatch(/^AKIA/);
    expect(emulator.clientConfig(CALLER_ROLE_ARN)).toMatchObject({
      endpoint: emulator.endpoint,
      region: 'eu-west-1',
    });
    await emulator.stop();
  });

  it('keeps secrets out of the request log', async () => {
    const emulator = await startLocalAgentCore();
    const credentials = emulator.credentialsFor(ADMIN_ROLE_ARN);
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    await invokeText(client, { agentRuntimeArn: RUNTIME_ARN, payload: '{"secret-payload":true}' });
    client.destroy();
    const log = JSON.stringify(emulator.requests);
    expect(log).not.toContain(credentials.secretAccessKey);
    expect(log).not.toContain('secret-payload');
    expect(log).not.toContain('Signature=');
    expect(emulator.requests[0]).toMatchObject({
      operation: 'InvokeAgentRuntime',
      principalArn: ADMIN_ROLE_ARN,
      resourceArn: RUNTIME_ARN,
      decision: 'allow',
      status: 200,
    });
    await emulator.stop();
  });

  it('keeps only the last maxRecordedRequests requests', async () => {
    const emulator = await startLocalAgentCore({ maxRecordedRequests: 2 });
    const client = agentCore(emulator, ADMIN_ROLE_ARN);
    for (const id of ['first', 'second', 'third']) {
      await invokeText(client, {
        agentRuntimeArn: RUNTIME_ARN,
        runtimeSessionId: `${id}-0123456789-0123456789-0123456789`,
      });
    }
    client.destroy();
    const log = emulator.requests;
    await emulator.stop();
    expect(log).toHaveLength(2);
    expect(log.map((r) => r.operation)).toEqual(['InvokeAgentRuntime', 'InvokeAgentRuntime']);
    expect(log[0]?.time).toBeLessThanOrEqual(log[1]?.time ?? 0);
  });
});
