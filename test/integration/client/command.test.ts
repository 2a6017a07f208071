/**
 * `client.command` with the real SDK client against the emulator, in both access patterns: the
 * command's output as events and as a result, invoke's session-id rules, never sent twice once it
 * may have run, and a denial diagnosed (the endpoint policy missing: hierarchical authorization).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossAccountAgentClient } from '../../../src/client.js';
import { isAgentCoreAccessDeniedError, isValidationError } from '../../../src/errors.js';
import type { CommandEvent } from '../../../src/runtime/command.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ENDPOINT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { clientOf, grant, PATTERNS, principalOf } from './access-patterns.js';

const COMMAND_ACTIONS = ['InvokeAgentRuntime', 'InvokeAgentRuntimeCommand'];

describe.each(PATTERNS)('client.command (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  let client: CrossAccountAgentClient;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    await grant(emulator, pattern, [{ resourceArns: [RUNTIME_ARN, ENDPOINT_ARN], actions: COMMAND_ACTIONS }]);
    client = clientOf(emulator, pattern);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  it("streams the command's events as they arrive, in the invocation's session", async () => {
    const invoked = await client.invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } });
    await invoked.text();
    const execution = await client.command({
      runtimeArn: RUNTIME_ARN,
      command: 'echo building; echo warning >&2; exit 2',
      sessionId: invoked.sessionId,
    });
    expect(execution.sessionId).toBe(invoked.sessionId);
    const events: CommandEvent[] = [];
    for await (const event of execution) events.push(event);
    expect(events).toEqual([
      { type: 'start' },
      { type: 'stdout', text: 'building\n' },
      { type: 'stderr', text: 'warning\n' },
      { type: 'exit', exitCode: 2, status: 'COMPLETED' },
    ]);
    const request = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntimeCommand').at(-1);
    expect(request).toMatchObject({ status: 200, principalArn: principalOf(pattern), decision: 'allow' });
  });

  it('result() gathers the whole output; a new session id is generated valid', async () => {
    const execution = await client.command({ runtimeArn: RUNTIME_ARN, command: 'pwd; echo -n done' });
    expect(execution.sessionId.length).toBeGreaterThanOrEqual(33);
    expect(await execution.result()).toEqual({
      stdout: '/app\ndone',
      stderr: '',
      exitCode: 0,
      status: 'COMPLETED',
    });
    // The output is read once.
    await expect(execution.result()).rejects.toThrow(/already read/);
  });

  it('refuses a short session id and a bad command before any request', async () => {
    const before = emulator.requests.length;
    for (const [input, field] of [
      [{ runtimeArn: RUNTIME_ARN, command: 'true', sessionId: 'short' }, 'sessionId'],
      [{ runtimeArn: RUNTIME_ARN, command: '' }, 'command'],
      [{ runtimeArn: RUNTIME_ARN, command: 'true', timeoutSeconds: 3601 }, 'timeoutSeconds'],
      [{ runtimeArn: 'agent-abcdefghij', command: 'true' }, 'runtimeArn'],
    ] as const) {
      const error = await client.command(input as never).catch((e: unknown) => e);
      expect(isValidationError(error), String(error)).toBe(true);
      expect((error as { field?: string }).field).toBe(field);
    }
    expect(emulator.requests.length).toBe(before);
  });

  it('is never sent twice once it may have run (a 503), and is retried after a throttle', async () => {
    emulator.setFaults([
      { operation: 'InvokeAgentRuntimeCommand', script: ['5xx'], kind: '5xx', status: 503 },
    ]);
    const before = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntimeCommand').length;
    await expect(client.command({ runtimeArn: RUNTIME_ARN, command: 'true' })).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
    });
    const after = emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntimeCommand').length;
    expect(after - before).toBe(1);
    emulator.setFaults([{ operation: 'InvokeAgentRuntimeCommand', script: ['throttle'] }]);
    const { exitCode } = await (await client.command({ runtimeArn: RUNTIME_ARN, command: 'true' })).result();
    expect(exitCode).toBe(0);
    emulator.setFaults([]);
  });
});

describe.each(PATTERNS)('client.command denied (%s)', (pattern) => {
  let emulator: LocalAgentCore;
  beforeAll(async () => {
    emulator = await startLocalAgentCore();
    // The runtime, but not its endpoint: hierarchical authorization needs both.
    await grant(emulator, pattern, [{ resourceArns: [RUNTIME_ARN], actions: COMMAND_ACTIONS }]);
  });
  afterAll(() => emulator.stop());

  it('throws AgentCoreAccessDeniedError with its diagnosis', async () => {
    const client = clientOf(emulator, pattern);
    try {
      const error = await client
        .command({ runtimeArn: RUNTIME_ARN, command: 'true' })
        .catch((e: unknown) => e);
      expect(isAgentCoreAccessDeniedError(error), String(error)).toBe(true);
      if (!isAgentCoreAccessDeniedError(error)) return;
      expect(error.action).toBe('bedrock-agentcore:InvokeAgentRuntimeCommand');
      expect(error.principalArn).toBe(principalOf(pattern));
      const codes = error.diagnosis?.causes.map((c) => c.code) ?? [];
      expect(codes.length).toBeGreaterThan(0);
      if (pattern === 'resource-policy') expect(codes).toContain('endpoint-policy-missing');
      else expect(codes).toContain('identity-missing-endpoint');
      expect(emulator.requests.filter((r) => r.operation === 'InvokeAgentRuntimeCommand')).toHaveLength(1);
    } finally {
      client.destroy();
    }
  });
});
