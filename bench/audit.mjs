#!/usr/bin/env node
// Benchmark of auditAccount on the local emulator: an account of 500 resources (100 runtimes with
// 3 endpoints each, 50 memories, 50 gateways), every one with a resource policy, 5 endpoints
// drifted. Three runs in one process, against one emulator:
// - the audit with its default pacing (under the control-plane quotas: what auditing a real
//   account of this size takes, the quotas being the floor);
// - the audit unpaced (`pacing: false`): the library's own cost, listing, reading and analysing;
// - the plain AWS SDK client making the same requests (paginators, then every GetResourcePolicy,
//   16 at a time) and analysing nothing: the reference for the unpaced run.
// Prints a markdown section. Run `npm run build` first (it imports ../dist).
import { performance } from 'node:perf_hooks';
import {
  BedrockAgentCoreControlClient,
  GetResourcePolicyCommand,
  paginateListAgentRuntimeEndpoints,
  paginateListAgentRuntimes,
  paginateListGateways,
  paginateListMemories,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { auditAccount } from '../dist/index.js';
import { startLocalAgentCore } from '../dist/testing/index.js';

const A = '111111111111';
const REGION = 'eu-west-1';
const AUDITOR = `arn:aws:iam::${A}:role/auditor`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const base = `arn:aws:bedrock-agentcore:${REGION}:${A}`;
const RUNTIMES = 100;
const ENDPOINTS = ['DEFAULT', 'canary', 'prod'];
const MEMORIES = 50;
const GATEWAYS = 50;
const DRIFTED = 5;

const id = (prefix, i) => `${prefix}${String(i).padStart(3, '0')}-abcdefghij`;
const policy = (resource, actions) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Caller', Effect: 'Allow', Principal: { AWS: CALLER }, Action: actions, Resource: resource },
  ],
});
const INVOKE = ['bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:GetAgentCard'];

const resourcePolicies = {};
for (let i = 0; i < RUNTIMES; i++) {
  const runtime = `${base}:runtime/${id('agent', i)}`;
  resourcePolicies[runtime] = policy(runtime, INVOKE);
  for (const name of ENDPOINTS) {
    const endpoint = `${runtime}/runtime-endpoint/${name}`;
    // The prod endpoint of the first few runtimes lacks GetAgentCard: drift.
    resourcePolicies[endpoint] = policy(
      endpoint,
      i < DRIFTED && name === 'prod' ? INVOKE.slice(0, 1) : INVOKE,
    );
  }
}
for (let i = 0; i < MEMORIES; i++) {
  const memory = `${base}:memory/${id('mem', i)}`;
  resourcePolicies[memory] = policy(memory, ['bedrock-agentcore:RetrieveMemoryRecords']);
}
for (let i = 0; i < GATEWAYS; i++) {
  const gateway = `${base}:gateway/${id('gw', i)}`;
  resourcePolicies[gateway] = policy(gateway, ['bedrock-agentcore:InvokeGateway']);
}

const emulator = await startLocalAgentCore({
  accounts: [
    {
      accountId: A,
      principals: [
        {
          arn: AUDITOR,
          identityPolicies: [
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['bedrock-agentcore:List*', 'bedrock-agentcore:Get*'],
                  Resource: '*',
                },
              ],
            },
          ],
        },
      ],
    },
  ],
  runtimes: Array.from({ length: RUNTIMES }, (_, i) => ({
    runtimeId: id('agent', i),
    accountId: A,
    endpoints: ENDPOINTS,
  })),
  memories: Array.from({ length: MEMORIES }, (_, i) => ({
    memoryId: id('mem', i),
    accountId: A,
    region: REGION,
  })),
  gateways: Array.from({ length: GATEWAYS }, (_, i) => ({ gatewayId: id('gw', i), accountId: A })),
  harnesses: [],
  resourcePolicies,
  maxRecordedRequests: 100_000,
});
const config = emulator.clientConfig(AUDITOR);

/** Runs `work`, returning its wall time and the emulator requests it made, by operation. */
async function measured(work) {
  const before = emulator.requests.length;
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const byOperation = {};
  for (const r of emulator.requests.slice(before))
    byOperation[r.operation] = (byOperation[r.operation] ?? 0) + 1;
  const requests = emulator.requests.length - before;
  return { result, ms, requests, byOperation };
}

function check(audit) {
  const drifted = audit.resources.filter((r) => r.drift.length > 0).length;
  if (audit.resources.length !== 500 || !audit.complete || drifted !== DRIFTED) {
    throw new Error(
      `unexpected audit: ${audit.resources.length} resources, complete ${audit.complete}, ${drifted} drifted`,
    );
  }
}

// Warm-up: module loading and the emulator's first requests are not what is measured.
check(await auditAccount({ clientConfig: config, pacing: false }));

const paced = await measured(() => auditAccount({ clientConfig: config }));
check(paced.result);
const unpaced = await measured(() => auditAccount({ clientConfig: config, pacing: false }));
check(unpaced.result);

/** The plain SDK: the same lists and reads, nothing analysed. */
async function plainSdk() {
  const client = new BedrockAgentCoreControlClient(config);
  const arns = [];
  for await (const page of paginateListAgentRuntimes({ client, pageSize: 100 }, {})) {
    for (const runtime of page.agentRuntimes ?? []) {
      arns.push(runtime.agentRuntimeArn);
      for await (const endpoints of paginateListAgentRuntimeEndpoints(
        { client, pageSize: 100 },
        { agentRuntimeId: runtime.agentRuntimeId },
      )) {
        for (const e of endpoints.runtimeEndpoints ?? []) arns.push(e.agentRuntimeEndpointArn);
      }
    }
  }
  for await (const page of paginateListMemories({ client, pageSize: 100 }, {})) {
    for (const m of page.memories ?? []) arns.push(m.arn);
  }
  for await (const page of paginateListGateways({ client, pageSize: 1000 }, {})) {
    for (const g of page.items ?? []) arns.push(`${base}:gateway/${g.gatewayId}`);
  }
  const policies = [];
  for (let i = 0; i < arns.length; i += 16) {
    policies.push(
      ...(await Promise.all(
        arns
          .slice(i, i + 16)
          .map((resourceArn) => client.send(new GetResourcePolicyCommand({ resourceArn }))),
      )),
    );
  }
  client.destroy();
  return policies.length;
}
const sdk = await measured(plainSdk);
if (sdk.result !== 500) throw new Error(`the plain SDK read ${sdk.result} policies`);
await emulator.stop();

const s = (ms) => (ms / 1000).toFixed(2);
const ops = (byOperation) =>
  Object.entries(byOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
const lines = [
  '## Account A audit: 500 resources on the emulator',
  '',
  `An account of ${RUNTIMES} runtimes with ${ENDPOINTS.length} endpoints each, ${MEMORIES} memories and ${GATEWAYS} gateways (500 resources), every one with a resource policy, ${DRIFTED} endpoints drifted. One process serves the emulator and runs the audit; each run found the ${DRIFTED} drifted endpoints among 500 resources.`,
  '',
  '| run | wall time (s) | requests |',
  '|---|---:|---:|',
  `| auditAccount, default pacing (under the control-plane quotas) | ${s(paced.ms)} | ${paced.requests} |`,
  `| auditAccount, \`pacing: false\` | ${s(unpaced.ms)} | ${unpaced.requests} |`,
  `| plain AWS SDK, same lists and reads, no analysis (16 reads at a time) | ${s(sdk.ms)} | ${sdk.requests} |`,
  '',
  `Requests of one audit: ${ops(paced.byOperation)}. The paced run is bound by the quotas, not by the work: ${RUNTIMES + 1} runtime lists at 20/s take ${((RUNTIMES + 1) / 20).toFixed(2)} s at least, the 500 policy reads at 100/s 5 s, side by side. Unpaced, the audit takes ${(unpaced.ms / sdk.ms).toFixed(2)}× the plain SDK's time for the same requests: the exposure, drift and lint analysis of 500 policies included.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
