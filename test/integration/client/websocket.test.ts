/**
 * `client.connect` against the emulator's WebSocket endpoint, in both access patterns: a presigned
 * (query-string SigV4) upgrade, invoke's session-id rules, messages both ways, the ForUser action
 * when a user id is sent, and a denial (the endpoint not granted) diagnosed like any call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { clientOf, grant, PATTERNS, principalOf } from './access-patterns.js';

const WS = 'InvokeAgentRuntimeWithWebSocketStream';

describe.each(PATTERNS)('client.connect (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  let client: CrossAccountAgentClient;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    await grant(emulator, pattern, [{ resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: [WS] }]);
    client = clientOf(emulator, pattern);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  it('opens a presigned session, exchanges messages, and closes', async () => {
    const connection = await client.connect({ runtimeArn: RUNTIME_ARN, sessionId: 'w'.repeat(40) });
    expect(connection.sessionId).toBe('w'.repeat(40));
    await connection.send({ prompt: 'hello' });
    expect((await connection.next())?.data).toEqual({ echo: { prompt: 'hello' }, sessionId: 'w'.repeat(40) });
    await connection.send({ command: 'echo from the container; exit 4' });
    expect((await connection.next())?.data).toEqual({
      stdout: 'from the container\n',
      stderr: '',
      exitCode: 4,
      status: 'COMPLETED',
    });
    // Bytes go as a binary frame: the emulated agent echoes only text.
    await connection.send(new Uint8Array([1, 2, 3]));
    expect((await connection.next())?.data).toEqual({ echo: null, sessionId: 'w'.repeat(40) });
    expect(await connection.close()).toEqual({ code: 1000, reason: '' });
    const upgrade = emulator.requests.filter((r) => r.operation === WS).at(-1);
    expect(upgrade).toMatchObject({ status: 101, principalArn: principalOf(pattern), decision: 'allow' });
    expect(emulator.runtimeSessions(RUNTIME_ARN)).toContain('w'.repeat(40));
  });

  it('iterates the messages until the connection closes; a session id is generated valid', async () => {
    const connection = await client.connect({ runtimeArn: ENDPOINT_ARN });
    expect(connection.sessionId.length).toBeGreaterThanOrEqual(33);
    expect(connection.qualifier).toBe('DEFAULT');
    for (const text of ['one', 'two']) await connection.send(text);
    const seen: unknown[] = [];
    for await (const message of connection) {
      seen.push(message.data);
      if (seen.length === 2) void connection.close();
    }
    expect(seen).toEqual([
      { echo: 'one', sessionId: connection.sessionId },
      { echo: 'two', sessionId: connection.sessionId },
    ]);
  });

  it('refuses a short session id before any request', async () => {
    const before = emulator.requests.length;
    const error = await client
      .connect({ runtimeArn: RUNTIME_ARN, sessionId: 'short' })
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(emulator.requests.length).toBe(before);
  });

  it('a user id needs the ForUser action as well: denied, and diagnosed', async () => {
    const error = await client
      .connect({ runtimeArn: RUNTIME_ARN, userId: 'user-42' })
      .catch((e: unknown) => e);
    expect(isAgentCoreAccessDeniedError(error), String(error)).toBe(true);
    if (!isAgentCoreAccessDeniedError(error)) return;
    expect(error.action).toBe(`bedrock-agentcore:${WS}ForUser`);
    expect(error.diagnosis?.causes.length).toBeGreaterThan(0);
    // Granted both, the same call opens.
    await grant(emulator, pattern, [
      { resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: [WS, `${WS}ForUser`] },
    ]);
    const forUser = clientOf(emulator, pattern);
    await (await forUser.connect({ runtimeArn: RUNTIME_ARN, userId: 'user-42' })).close();
    forUser.destroy();
    await grant(emulator, pattern, [{ resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: [WS] }]);
  });

  it('a throttled upgrade is retried (it never reached the agent)', async () => {
    emulator.setFaults([{ operation: WS, script: ['throttle'] }]);
    const connection = await client.connect({ runtimeArn: RUNTIME_ARN });
    await connection.close();
    emulator.setFaults([]);
    const statuses = emulator.requests
      .filter((r) => r.operation === WS)
      .slice(-2)
      .map((r) => r.status);
    expect(statuses).toEqual([429, 101]);
  });
});

describe.each(PATTERNS)('client.connect denied (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    await grant(emulator, pattern, [{ resourceArns: [RUNTIME_ARN], actions: [WS] }]);
  });
  afterAll(() => emulator.stop());

  it('throws AgentCoreAccessDeniedError with its diagnosis, once', async () => {
    const client = clientOf(emulator, pattern);
    try {
      const error = await client.connect({ runtimeArn: RUNTIME_ARN }).catch((e: unknown) => e);
      expect(isAgentCoreAccessDeniedError(error), String(error)).toBe(true);
      if (!isAgentCoreAccessDeniedError(error)) return;
      expect(error.action).toBe(`bedrock-agentcore:${WS}`);
      expect(error.principalArn).toBe(principalOf(pattern));
      expect(error.$metadata?.httpStatusCode).toBe(403);
      const codes = error.diagnosis?.causes.map((c) => c.code) ?? [];
      if (pattern === 'resource-policy') expect(codes).toContain('endpoint-policy-missing');
      else expect(codes).toContain('identity-missing-endpoint');
      // The message never carries the presigned URL's signature or token.
      expect(error.message).not.toMatch(/X-Amz-Signature|X-Amz-Security-Token/);
      expect(emulator.requests.filter((r) => r.operation === WS)).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });
});
