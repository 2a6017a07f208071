/**
 * A REST JSON body that is valid JSON but not an object (`null`, a list) is AWS's
 * ValidationException (`CannotParse`), on every operation that reads one: the harness and
 * runtime-command handlers once failed on it with an emulator error (500).
 */
import {
  BedrockAgentCoreClient,
  InvokeAgentRuntimeCommandCommand,
  InvokeHarnessCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, HARNESS_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { failure } from './helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

/** A client whose requests carry `body` instead of the serialized input (replaced before signing). */
function clientSending(body: string): BedrockAgentCoreClient {
  const client = new BedrockAgentCoreClient({ ...emulator.clientConfig(ADMIN_ROLE_ARN), maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { body?: unknown; headers: Record<string, string> }).body = body;
      (args.request as { headers: Record<string, string> }).headers['content-length'] = String(
        Buffer.byteLength(body),
      );
      return next(args);
    },
    { step: 'build', name: 'replaceBody' },
  );
  return client;
}

describe.each(['null', '[]'])('a body of %s', (body) => {
  it.each([
    [
      'InvokeHarness',
      () =>
        new InvokeHarnessCommand({
          harnessArn: HARNESS_ARN,
          runtimeSessionId: 'a'.repeat(40),
          messages: [{ role: 'user', content: [{ text: 'hi' }] }],
        }),
    ],
    [
      'InvokeAgentRuntimeCommand',
      () =>
        new InvokeAgentRuntimeCommandCommand({
          agentRuntimeArn: RUNTIME_ARN,
          runtimeSessionId: 'a'.repeat(40),
          body: { command: 'echo hi' },
        }),
    ],
  ] as const)('%s answers ValidationException (CannotParse), not a 500', async (_name, command) => {
    const client = clientSending(body);
    try {
      const error = await failure(client.send(command() as never));
      expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    } finally {
      client.destroy();
    }
  });
});
