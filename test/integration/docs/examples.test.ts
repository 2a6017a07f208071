/**
 * What a new user runs from the guides: the pattern 1 and pattern 2 examples, unchanged, against
 * the local emulator.
 */
import { describe, expect, it } from 'vitest';

import { onEmulator as auditExample } from '../../../examples/audit-account.js';
import { onEmulator as memory } from '../../../examples/memory-cross-account.js';
import { onEmulator as memoryIngest } from '../../../examples/memory-ingest.js';
import { onEmulator as patternOne } from '../../../examples/pattern-1.js';
import { onEmulator as patternTwo } from '../../../examples/pattern-2.js';
import { onEmulator as runtimeCommand } from '../../../examples/runtime-command.js';
import { onEmulator as terminal } from '../../../examples/terminal-websocket.js';
import { reproduceMissingEndpointPolicy, survivesThrottling } from '../../../examples/testing-offline.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';

describe('guide examples on the emulator', () => {
  it('pattern 1 (resource policies) invokes the agent in Account A', async () => {
    const lines: string[] = [];
    const answer = await patternOne((line) => lines.push(line));
    expect(answer).toMatchObject({ echo: { prompt: 'Hello from Account B' } });
    expect(lines[0]).toContain('runtime-endpoint/DEFAULT');
  });

  it('pattern 2 (assume-role) invokes the agent through the invoker role', async () => {
    clearCredentialCache();
    const lines: string[] = [];
    const answer = await patternTwo((line) => lines.push(line));
    expect(answer).toMatchObject({ echo: { prompt: 'Hello through the role chain' } });
    expect(lines).toHaveLength(3);
  });

  it('cross-account memory writes and retrieves by full ARN', async () => {
    const lines: string[] = [];
    // The emulator extracts no records from events: the write and the search succeed, empty.
    expect(await memory((line) => lines.push(line))).toBe(0);
    expect(lines[0]).toContain('memory/shared_memory-abcdefghij');
  });

  it('testing offline: the missing endpoint policy is denied and the message links to its section', async () => {
    const message = await reproduceMissingEndpointPolicy();
    expect(message).toMatch(
      /See https:\/\/github\.com\/agentcore-xacct\/agentcore-xacct\/blob\/main\/docs\/troubleshooting\.md#[a-z-]+ \(offline: node_modules\/agentcore-xacct\/docs\/troubleshooting\.md\)\./,
    );
    expect(message).toContain('no resource-based policy allows');
  });

  it('the audit finds the drifted endpoint and the caller outside the account, and the fix removes the drift', async () => {
    const lines: string[] = [];
    expect(await auditExample((line) => lines.push(line))).toEqual({ before: 1, after: 0 });
    expect(lines).toContain(
      'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent_staged-abcdefghij: external arn:aws:iam::222222222222:role/the-caller-role may bedrock-agentcore:InvokeAgentRuntime, bedrock-agentcore:InvokeAgentRuntimeForUser, bedrock-agentcore:GetAgentCard',
    );
    expect(lines.some((l) => l.includes('runtime-endpoint/prod: endpoint-policy-drift'))).toBe(true);
    expect(lines.some((l) => l.startsWith('aws bedrock-agentcore-control put-resource-policy'))).toBe(true);
  });

  it('testing offline: two injected throttles are retried and the call succeeds', async () => {
    const { answer, attempts } = await survivesThrottling();
    expect(answer).toMatchObject({ echo: { prompt: 'again' } });
    expect(attempts).toBe(3);
  });

  it('a terminal session over WebSocket runs each line in the runtime container', async () => {
    const { transcript, exitCode } = await terminal(['pwd', 'echo hello from Account B', 'nope', 'exit']);
    expect(transcript).toMatch(/^connected: session \S{33,}\n/);
    expect(transcript).toContain('/app\nhello from Account B\nsh: 1: nope: not found\n');
    expect(exitCode).toBe(127);
  });

  it('memory ingestion and the extraction probe, by full ARN', async () => {
    const { sessionId, probe } = await memoryIngest();
    expect(sessionId).toMatch(/^ingest-/);
    expect(probe).toMatchObject({ outcome: 'record', cleanedUp: true });
  });

  it('a command in a runtime session streams its output', async () => {
    expect(await runtimeCommand('pwd; echo hello; exit 3')).toEqual({
      output: '/app\nhello\n',
      exitCode: 3,
      status: 'COMPLETED',
    });
  });
});
