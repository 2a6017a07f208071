/**
 * InvokeHarness on the emulator with the unmodified SDK client, in both access patterns: the event
 * stream the SDK parses, and the harness hierarchy with the double action (InvokeHarness AND
 * InvokeAgentRuntime, on the harness AND its endpoint), each denial diagnosed by
 * `diagnoseAccessDenied`.
 */
import { BedrockAgentCoreClient, InvokeHarnessCommand } from '@aws-sdk/client-bedrock-agentcore';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harnessEndpointArn } from '../../../src/arn/format.js';
import { diagnoseAccessDenied } from '../../../src/diagnose/diagnose.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_A, CALLER_ROLE_ARN, REGION } from '../../fixtures/arns.js';
import { grant, PATTERNS, type Pattern } from '../client/access-patterns.js';
import { EXTERNAL_ID, INVOKER_ROLE_ARN } from '../client/setup.js';

const HARNESS_ARN = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:harness/support_harness-abcdefghij`;
const HARNESS_ENDPOINT_ARN = harnessEndpointArn(HARNESS_ARN);
const BOTH = ['InvokeHarness', 'InvokeAgentRuntime'];

/** The raw SDK client Account B uses in `pattern` (assume-role: STS through the emulator). */
function sdkClient(emulator: LocalAgentCore, pattern: Pattern): BedrockAgentCoreClient {
  const { endpoint, region, credentials } = emulator.clientConfig(CALLER_ROLE_ARN);
  return new BedrockAgentCoreClient({
    endpoint,
    region,
    maxAttempts: 1,
    credentials:
      pattern === 'resource-policy'
        ? credentials
        : fromTemporaryCredentials({
            params: { RoleArn: INVOKER_ROLE_ARN, ExternalId: EXTERNAL_ID, RoleSessionName: 'harness-test' },
            masterCredentials: credentials,
            clientConfig: { endpoint, region },
          }),
  });
}

const invoke = (client: BedrockAgentCoreClient, text: string) =>
  client.send(
    new InvokeHarnessCommand({
      harnessArn: HARNESS_ARN,
      runtimeSessionId: 'h'.repeat(40),
      messages: [{ role: 'user', content: [{ text }] }],
    }),
  );

describe.each(PATTERNS)('InvokeHarness (%s)', (pattern) => {
  // A new emulator for each case: no policy of one case lingers into the next.
  let emulator: LocalAgentCore;
  beforeEach(async () => {
    emulator = await startLocalAgentCore();
  });
  afterEach(() => emulator.stop());

  it('streams the harness answer as events the SDK parses', async () => {
    await grant(emulator, pattern, [{ resourceArns: [HARNESS_ARN, HARNESS_ENDPOINT_ARN], actions: BOTH }]);
    const client = sdkClient(emulator, pattern);
    try {
      const output = await invoke(client, 'hello harness');
      const events: unknown[] = [];
      for await (const e of output.stream ?? []) events.push(e);
      expect(events.slice(0, 4)).toEqual([
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'hello harness' } } },
        { contentBlockStop: { contentBlockIndex: 0 } },
        { messageStop: { stopReason: 'end_turn' } },
      ]);
      expect(events[4]).toMatchObject({
        metadata: { usage: { inputTokens: 2, outputTokens: 2, totalTokens: 4 } },
      });
    } finally {
      client.destroy();
    }
  });

  it.each([
    [
      'InvokeHarness without InvokeAgentRuntime',
      [HARNESS_ARN, HARNESS_ENDPOINT_ARN],
      ['InvokeHarness'],
      'harness-missing-invoke-runtime',
    ],
    [
      'the harness without its endpoint',
      [HARNESS_ARN],
      BOTH,
      pattern === 'resource-policy' ? 'harness-endpoint-policy-missing' : 'identity-missing-endpoint',
    ],
  ] as const)('denies %s, and the diagnosis names it', async (_name, arns, actions, code) => {
    await grant(emulator, pattern, [{ resourceArns: arns, actions }]);
    const client = sdkClient(emulator, pattern);
    try {
      const error = await invoke(client, 'denied').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      const diagnosis = diagnoseAccessDenied(error, { operation: 'InvokeHarness' });
      const codes = diagnosis?.causes.map((c) => c.code) ?? [];
      expect(codes).toContain(code);
      // Across accounts AWS names the action that failed: a grant without InvokeAgentRuntime is the
      // first suspect (within Account A, the role's identity policy missing the action is).
      if (code === 'harness-missing-invoke-runtime' && pattern === 'resource-policy')
        expect(codes[0]).toBe(code);
    } finally {
      client.destroy();
    }
  });
});
