#!/usr/bin/env node
// Benchmark of explainAccess: the seed's correct setup (InvokeAgentRuntime, authorized on the
// runtime and on its endpoint), a denied request with its ranked causes, and a single-ARN memory
// request, against @cloud-copilot/iam-simulate's runSimulation (AGPL: used in bench and tests
// only) on the same request for the runtime ARN alone, in the same run. Prints a markdown section;
// bounded to about 12 s. Run `npm run build` first (it imports ../dist/policy/index.js).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { explainAccess } from '../dist/policy/index.js';

const A = '111111111111';
const B = '222222222222';
const RUNTIME = `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/agent-abcdefghij`;
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const MEMORY = `arn:aws:bedrock-agentcore:eu-west-1:${A}:memory/shared_memory-abcdefghij`;
const SESSION = `arn:aws:sts::${B}:assumed-role/the-caller-role/invoker-session`;
const ACTIONS = [
  'bedrock-agentcore:InvokeAgentRuntime',
  'bedrock-agentcore:InvokeAgentRuntimeForUser',
  'bedrock-agentcore:GetAgentCard',
];
const WARMUP_MS = 300;
const MEASURE_MS = 1500;

// Seed 000's working setup: two resource policies and the caller's identity policy.
const resourcePolicy = (resource) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowCallerRole',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${B}:root`, `arn:aws:iam::${B}:role/the-caller-role`] },
      Action: ACTIONS,
      Resource: resource,
    },
  ],
});
// The runtime entry is exact: IAM's `*` in `runtime/*` would also cover the endpoint sub-path,
// and gotcha 4 is about the endpoint entry naming the wrong account.
const identityPolicy = (endpointAccount) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ACTIONS,
      Resource: [RUNTIME, `arn:aws:bedrock-agentcore:*:${endpointAccount}:runtime/*/runtime-endpoint/*`],
    },
  ],
});
const request = {
  principalArn: SESSION,
  action: 'bedrock-agentcore:InvokeAgentRuntime',
  resourceArn: RUNTIME,
};
const policies = {
  identity: [identityPolicy(A)],
  resource: { [RUNTIME]: resourcePolicy(RUNTIME), [ENDPOINT]: resourcePolicy(ENDPOINT) },
};
const gotcha4 = { ...policies, identity: [identityPolicy(B)] };
const memoryRequest = {
  principalArn: SESSION,
  action: 'bedrock-agentcore:CreateEvent',
  resourceArn: MEMORY,
  context: { 'bedrock-agentcore:actorId': 'agent-in-account-b' },
};
const memoryPolicies = {
  identity: [
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'bedrock-agentcore:*',
          Resource: `arn:aws:bedrock-agentcore:*:${A}:memory/*`,
        },
      ],
    },
  ],
  resource: {
    [MEMORY]: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${B}:root` },
          Action: ['bedrock-agentcore:CreateEvent', 'bedrock-agentcore:ListEvents'],
          Resource: MEMORY,
        },
      ],
    },
  },
};

// The same memory request under every guardrail: SCPs at three levels (two at the OU level), an
// RCP, a permissions boundary, a session policy and a VPC endpoint policy.
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const rcp = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'bedrock-agentcore:*',
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': [A, B] } },
    },
  ],
};
const endpointPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:*', Resource: '*' }],
};
const guardedPolicies = {
  ...memoryPolicies,
  scp: [allowAll, [allowAll, allowAll], allowAll],
  rcp: [[rcp]],
  permissionsBoundary: allowAll,
  sessionPolicy: allowAll,
  vpcEndpoint: { vpcEndpointId: 'vpce-0123456789abcdef0', document: endpointPolicy },
};
/**
 * iam-simulate's request for one of ours: it derives no context from the principal, so it gets the
 * context explainAccess derives.
 */
function simulationRequest(ours, theirs, resourceArn) {
  const context = explainAccess(ours, theirs).request.context;
  return {
    principal: SESSION,
    action: ours.action,
    resource: { resource: resourceArn, accountId: A },
    contextVariables: Object.fromEntries(
      Object.entries(context).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)]),
    ),
  };
}

const guardedSimulation = {
  request: simulationRequest(memoryRequest, guardedPolicies, MEMORY),
  identityPolicies: [{ name: 'caller', policy: memoryPolicies.identity[0] }],
  serviceControlPolicies: [
    { orgIdentifier: 'r-root', policies: [{ name: 'root', policy: allowAll }] },
    {
      orgIdentifier: 'ou-1',
      policies: [
        { name: 'ou-a', policy: allowAll },
        { name: 'ou-b', policy: allowAll },
      ],
    },
    { orgIdentifier: 'account', policies: [{ name: 'account', policy: allowAll }] },
  ],
  resourceControlPolicies: [{ orgIdentifier: 'r-root', policies: [{ name: 'rcp', policy: rcp }] }],
  resourcePolicy: memoryPolicies.resource[MEMORY],
  permissionBoundaryPolicies: [{ name: 'boundary', policy: allowAll }],
  sessionPolicy: allowAll,
  vpcEndpointPolicies: [{ name: 'endpoint', policy: endpointPolicy }],
};

const simulation = {
  request: simulationRequest(request, policies, RUNTIME),
  identityPolicies: [{ name: 'caller', policy: policies.identity[0] }],
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  resourcePolicy: policies.resource[RUNTIME],
};

function check(condition, message) {
  if (!condition) throw new Error(`benchmark precondition failed: ${message}`);
}
check(explainAccess(request, policies).decision === 'allow', 'the correct setup is allowed');
check(explainAccess(request, gotcha4).causes[0]?.code === 'identity-wrong-account', 'gotcha 4 is explained');
check(explainAccess(memoryRequest, memoryPolicies).decision === 'allow', 'the memory request is allowed');
const simulated = await runSimulation(simulation, {});
check(simulated.resultType === 'single' && simulated.overallResult === 'Allowed', 'iam-simulate allows');
check(
  explainAccess(memoryRequest, guardedPolicies).decision === 'allow',
  'the guarded memory request is allowed',
);
const guarded = await runSimulation(guardedSimulation, {});
check(
  guarded.resultType === 'single' && guarded.overallResult === 'Allowed',
  'iam-simulate allows the guarded request',
);

async function measure(fn) {
  let sink = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) sink += (await fn()) ? 1 : 0;
  let runs = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(MEASURE_MS) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    // Batches keep the clock out of the measurement of the fast tasks.
    for (let i = 0; i < 64; i++) sink += (await fn()) ? 1 : 0;
    runs += 64;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink < 0) process.stdout.write('');
  const seconds = Number(elapsed) / 1e9;
  return { opsPerSecond: runs / seconds, meanMicros: (seconds * 1e6) / runs };
}

// Synchronous tasks are wrapped so one loop measures both kinds; the await costs well under a
// microsecond and is paid by every task alike.
const tasks = [
  [
    'explainAccess: seed correct setup (runtime + endpoint, allow)',
    () => explainAccess(request, policies).decision,
  ],
  ['explainAccess: seed gotcha 4 (deny, ranked causes)', () => explainAccess(request, gotcha4).causes.length],
  [
    'explainAccess: memory CreateEvent (one ARN, allow)',
    () => explainAccess(memoryRequest, memoryPolicies).decision,
  ],
  [
    'explainAccess: memory CreateEvent under SCPs (3 levels), an RCP, boundary, session and VPC endpoint policies',
    () => explainAccess(memoryRequest, guardedPolicies).decision,
  ],
  ['iam-simulate runSimulation: the same guarded memory request', () => runSimulation(guardedSimulation, {})],
  ['iam-simulate runSimulation: same request, runtime ARN only', () => runSimulation(simulation, {})],
];

const results = [];
for (const [name, fn] of tasks) results.push({ name, ...(await measure(fn)) });
const reference = results[results.length - 1];
// The guarded row is compared with iam-simulate on the same guarded request.
const guardedRow = results.find((r) => r.name.includes('under SCPs'));
const guardedReference = results.find((r) => r.name.includes('same guarded'));

const lines = [
  '## explainAccess',
  '',
  "Decisions per second of `explainAccess` on the seed's correct cross-account setup",
  '(InvokeAgentRuntime: runtime and endpoint ARNs, each with identity and resource policy), a denied',
  'request with its ranked causes, a single-ARN memory request, and that memory request under every',
  'guardrail (SCPs at three levels, an RCP, a permissions boundary, a session policy, a VPC endpoint',
  "policy), against `@cloud-copilot/iam-simulate`'s `runSimulation` on the same request for the",
  'runtime ARN alone (one ARN, so half the work of the first row), and on the guarded request for',
  "the guarded row. Ratio: throughput over iam-simulate's.",
  '',
  '| name | ops/s | mean µs | ratio |',
  '|---|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${Math.round(r.opsPerSecond).toLocaleString('en-US')} | ${r.meanMicros.toFixed(1)} | ${(r.opsPerSecond / (r === guardedRow || r === guardedReference ? guardedReference : reference).opsPerSecond).toFixed(1)}x |`,
  ),
  '',
  `The guarded row's ratio is against iam-simulate on the same guarded request: ${(guardedRow.opsPerSecond / guardedReference.opsPerSecond).toFixed(1)}x (goal ≥ 10x).`,
];
process.stdout.write(`${lines.join('\n')}\n`);
