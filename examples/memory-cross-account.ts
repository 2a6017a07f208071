/**
 * Cross-account memory: Account A shares a memory with a role in Account B (data plane), and
 * Account A creates a memory that delivers to destinations in Account B (delivery).
 *
 * Without MEMORY_ARN it runs the data-plane part against the local emulator and prints the
 * delivery setup for the seed's accounts. Against AWS, as the caller in Account B:
 * `MEMORY_ARN=arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/… ` writes one event and
 * retrieves records.
 *
 * Run: `npx esbuild examples/memory-cross-account.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/memory-cross-account.mjs && node out/memory-cross-account.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  BedrockAgentCoreControlClient,
  type BedrockAgentCoreControlClientConfig,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';

import { CrossAccountAgentClient, type CrossAccountAgentClientOptions } from 'agentcore-xacct';
import {
  callerIdentityPolicy,
  type MemoryDeliverySetup,
  memoryAccessPolicy,
  memoryDeliverySetup,
  type PolicyDocument,
} from 'agentcore-xacct/policy';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region grant
/** Account A: a memory policy with separate read and write statements, on the memory ARN. */
export async function shareMemory(
  memoryArn: string,
  callerRoleArn: string,
  controlConfig: BedrockAgentCoreControlClientConfig,
): Promise<void> {
  const { document } = memoryAccessPolicy({ memoryArn, readers: [callerRoleArn], writers: [callerRoleArn] });
  const control = new BedrockAgentCoreControlClient(controlConfig);
  try {
    await control.send(
      new PutResourcePolicyCommand({ resourceArn: memoryArn, policy: JSON.stringify(document) }),
    );
  } finally {
    control.destroy();
  }
}

/** Account B: the caller role's identity policy for that memory, in Account A. */
export function memoryCallerPolicy(memoryArn: string): PolicyDocument {
  return callerIdentityPolicy({ memoryArns: [memoryArn], memoryAccess: 'read-write' });
}
// #endregion grant

// #region dataPlane
/** Account B, at run time: write a conversation turn and search the records, by full memory ARN. */
export async function useMemory(
  memoryArn: string,
  options: CrossAccountAgentClientOptions = {},
): Promise<string[]> {
  const client = new CrossAccountAgentClient(options);
  try {
    // The full ARN, never a bare id: a bare id resolves to the caller's own account.
    const memory = client.memory(memoryArn);
    await memory.recordTurns({
      actorId: 'user-42',
      sessionId: 'session-1',
      turns: [{ role: 'USER', text: 'I prefer aisle seats' }],
    });
    const hits = await memory.retrieve({ namespace: 'preferences/user-42', query: 'seats', topK: 5 });
    return hits.map((hit) => hit.content?.text ?? '');
  } finally {
    client.destroy();
  }
}
// #endregion dataPlane

// #region delivery
/** Account A creates the memory; its records and payloads are delivered to Account B. */
export function deliveryToAccountB(): MemoryDeliverySetup {
  return memoryDeliverySetup({
    region: 'eu-west-1',
    accountId: '111111111111',
    executionRoleName: 'MemoryCrossAccountRole',
    s3: { bucketName: 'memory-payloads-bucket' },
    sns: { topicArn: 'arn:aws:sns:eu-west-1:222222222222:memory-notifications' },
    kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/memory-record-stream' },
  });
}
// #endregion delivery

/** The data-plane part on the local emulator's seed world; returns how many records came back. */
export async function onEmulator(log: (line: string) => void = console.log): Promise<number> {
  const emulator = await startLocalAgentCore();
  try {
    const memoryArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
    const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
    await shareMemory(
      memoryArn,
      callerRoleArn,
      emulator.clientConfig('arn:aws:iam::111111111111:role/admin'),
    );
    emulator.setIdentityPolicy(callerRoleArn, memoryCallerPolicy(memoryArn));
    const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
    const hits = await useMemory(memoryArn, {
      access: { mode: 'resource-policy', credentials },
      clientConfig: { endpoint },
    });
    // The emulator extracts no records from events, so an empty answer is the expected one here.
    log(`Account B wrote an event to ${memoryArn} and found ${hits.length} records`);
    return hits.length;
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const memoryArn = process.env.MEMORY_ARN;
  if (memoryArn === undefined) {
    console.log('MEMORY_ARN is not set: running against the local emulator.');
    await onEmulator();
    console.log(JSON.stringify(deliveryToAccountB(), null, 2));
  } else {
    console.log(await useMemory(memoryArn));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
