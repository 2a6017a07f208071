/**
 * Shared setup of the memory integration tests: seed 001's grant (a memory resource policy put by
 * Account A's admin through the control plane, and the caller's identity policy in Account B),
 * and a CrossAccountAgentClient in Account B pointed at the emulator.
 */
import {
  BedrockAgentCoreControlClient,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { afterAll, beforeAll } from 'vitest';
import { CrossAccountAgentClient, type CrossAccountAgentClientConfigOptions } from '../../../src/client.js';
import { callerIdentityPolicy } from '../../../src/policy/build/identity.js';
import { memoryAccessPolicy } from '../../../src/policy/build/memory.js';
import {
  type LocalAgentCore,
  type LocalAgentCoreOptions,
  startLocalAgentCore,
} from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, CALLER_ROLE_ARN, MEMORY_ARN } from '../../fixtures/arns.js';

/** Read and write access to `memoryArn` for `callerArn`, on both sides. */
export async function grantMemory(
  emulator: LocalAgentCore,
  callerArn: string,
  memoryArn: string,
): Promise<void> {
  const control = new BedrockAgentCoreControlClient({
    ...emulator.clientConfig(ADMIN_ROLE_ARN),
    maxAttempts: 1,
  });
  try {
    const policy = memoryAccessPolicy({ memoryArn, readers: [callerArn], writers: [callerArn] });
    await control.send(
      new PutResourcePolicyCommand({
        resourceArn: policy.resourceArn,
        policy: JSON.stringify(policy.document),
      }),
    );
  } finally {
    control.destroy();
  }
  emulator.setIdentityPolicy(
    callerArn,
    callerIdentityPolicy({ memoryArns: [memoryArn], memoryAccess: 'read-write' }),
  );
}

/** A client in Account B signing as `callerArn`, talking to the emulator. */
export function clientFor(
  emulator: LocalAgentCore,
  callerArn: string,
  options: Omit<CrossAccountAgentClientConfigOptions, 'access' | 'clientConfig'> = {},
): CrossAccountAgentClient {
  const { endpoint, credentials } = emulator.clientConfig(callerArn);
  return new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials },
    clientConfig: { endpoint },
    retry: { baseDelayMs: 1 },
    ...options,
  });
}

/**
 * One emulator for the test file (started in `beforeAll`, stopped in `afterAll`) where the seed's
 * caller may read and write the seed's memory, and a client of that caller.
 */
export function memoryWorld(options: LocalAgentCoreOptions = {}): {
  readonly emulator: LocalAgentCore;
  readonly client: CrossAccountAgentClient;
} {
  let emulator: LocalAgentCore | undefined;
  let client: CrossAccountAgentClient | undefined;
  beforeAll(async () => {
    emulator = await startLocalAgentCore(options);
    await grantMemory(emulator, CALLER_ROLE_ARN, MEMORY_ARN);
    client = clientFor(emulator, CALLER_ROLE_ARN);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('memoryWorld is used before beforeAll ran');
    return value;
  };
  return {
    get emulator() {
      return ready(emulator);
    },
    get client() {
      return ready(client);
    },
  };
}
