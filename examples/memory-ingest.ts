/**
 * Account B feeds long-term memory in Account A directly (IngestData), and checks that events it
 * writes by full memory ARN are extracted (the opt-in extraction probe).
 *
 * Without MEMORY_ARN it runs against the local emulator (with emulated extraction). Against AWS,
 * as the caller in Account B: `MEMORY_ARN=arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/…
 * NAMESPACE=/users/{actorId}/preferences` ingests one turn and probes extraction.
 *
 * Run: `npx esbuild examples/memory-ingest.ts --bundle --platform=node --format=esm
 * --packages=external --outfile=out/memory-ingest.mjs && node out/memory-ingest.mjs`.
 */
import { pathToFileURL } from 'node:url';

import {
  CrossAccountAgentClient,
  type CrossAccountAgentClientOptions,
  conversationalTurn,
  type ExtractionProbeResult,
  probeExtractionByArn,
} from 'agentcore-xacct';
import { startLocalAgentCore } from 'agentcore-xacct/testing';

// #region ingest
/** Submits what a user said straight to long-term extraction; answers the session it was filed under. */
export async function rememberPreference(
  memoryArn: string,
  actorId: string,
  text: string,
  options: CrossAccountAgentClientOptions = {},
): Promise<string> {
  const client = new CrossAccountAgentClient(options);
  try {
    // Paced at AgentCore's IngestData quotas (5/s per actor and session, 10/s per account); one
    // client token across retries, so a retried ingestion is processed once.
    const { sessionId } = await client.memory(memoryArn).ingestData({
      actorId,
      source: { inline: { payload: [conversationalTurn('USER', text)] } },
    });
    return sessionId ?? '';
  } finally {
    client.destroy();
  }
}
// #endregion ingest

// #region probe
/** Writes one event by full ARN and waits (at most two minutes) for extraction to show. */
export async function checkExtractionByArn(
  memoryArn: string,
  namespace: string,
  options: CrossAccountAgentClientOptions = {},
): Promise<ExtractionProbeResult> {
  const client = new CrossAccountAgentClient(options);
  try {
    const result = await probeExtractionByArn(client, memoryArn, { namespace, timeoutMs: 120_000 });
    // 'record': extraction ran; 'extraction-job': it ran and failed; 'nothing': neither in time.
    return result;
  } finally {
    client.destroy();
  }
}
// #endregion probe

/** Both on the local emulator, whose memory extracts each text into `/users/{actorId}/preferences`. */
export async function onEmulator(): Promise<{ sessionId: string; probe: ExtractionProbeResult }> {
  const memoryArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
  const callerRoleArn = 'arn:aws:iam::222222222222:role/the-caller-role';
  const actions = [
    'IngestData',
    'CreateEvent',
    'DeleteEvent',
    'ListMemoryRecords',
    'DeleteMemoryRecord',
    'ListMemoryExtractionJobs',
  ].map((a) => `bedrock-agentcore:${a}`);
  const emulator = await startLocalAgentCore({
    memories: [
      {
        memoryId: 'shared_memory-abcdefghij',
        accountId: '111111111111',
        region: 'eu-west-1',
        strategies: [{ strategyId: 'preferences-abcdefghij', namespaces: ['/users/{actorId}/preferences'] }],
        extraction: { delayMs: 200 },
      },
    ],
    resourcePolicies: {
      [memoryArn]: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: callerRoleArn }, Action: actions, Resource: memoryArn },
        ],
      },
    },
  });
  try {
    emulator.setIdentityPolicy(callerRoleArn, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: memoryArn }],
    });
    const { endpoint, credentials } = emulator.clientConfig(callerRoleArn);
    const options: CrossAccountAgentClientOptions = {
      access: { mode: 'resource-policy', credentials },
      clientConfig: { endpoint },
    };
    const sessionId = await rememberPreference(memoryArn, 'user-42', 'I prefer aisle seats', options);
    const probe = await checkExtractionByArn(memoryArn, '/users/{actorId}/preferences', options);
    return { sessionId, probe };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const memoryArn = process.env.MEMORY_ARN;
  if (memoryArn === undefined) {
    console.log('MEMORY_ARN is not set: running against the local emulator.');
    console.log(await onEmulator());
    return;
  }
  console.log(await rememberPreference(memoryArn, 'user-42', 'I prefer aisle seats'));
  console.log(await checkExtractionByArn(memoryArn, process.env.NAMESPACE ?? '/users/{actorId}/preferences'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
