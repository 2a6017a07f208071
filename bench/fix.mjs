#!/usr/bin/env node
// Benchmark of planAccessFix on the four gotchas of seed 000 (each setup broken in one document,
// as in test/fixtures/broken-setups.ts), with explainAccess on the same broken setup in the same run
// for scale: a plan evaluates, changes one document and evaluates again. Also the evidence-first
// diagnosis (diagnoseAccessDenied with the policies and the engine: evaluate, lint and plan). Prints
// a markdown section; bounded to about 15 s. Run `npm run build` first (it imports ../dist).
import { diagnoseAccessDenied } from '../dist/index.js';
import { explainAccess, planAccessFix } from '../dist/policy/index.js';

const A = '111111111111';
const B = '222222222222';
const RUNTIME = `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/agent-abcdefghij`;
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const CALLER = `arn:aws:iam::${B}:role/the-caller-role`;
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const ACTIONS = [INVOKE, 'bedrock-agentcore:InvokeAgentRuntimeForUser', 'bedrock-agentcore:GetAgentCard'];
const WARMUP_MS = 200;
const SAMPLES = 400;

// The seed's resource policy (gotcha 1's text) and the corrected caller policy.
const resourcePolicy = (resource, extra = {}) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowCallerRole',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${B}:root`, CALLER] },
      Action: ACTIONS,
      Resource: resource,
      ...extra,
    },
  ],
});
const callerPolicy = (resources) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'InvokeAgent', Effect: 'Allow', Action: [INVOKE], Resource: resources }],
});
const working = {
  identity: [
    callerPolicy([
      `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/*`,
      `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/*/runtime-endpoint/*`,
    ]),
  ],
  resource: { [RUNTIME]: resourcePolicy(RUNTIME), [ENDPOINT]: resourcePolicy(ENDPOINT) },
};
const request = { principalArn: CALLER, action: INVOKE, resourceArn: RUNTIME };
const GOTCHAS = [
  ['gotcha 1: no endpoint policy', { ...working, resource: { [RUNTIME]: resourcePolicy(RUNTIME) } }],
  [
    'gotcha 2: a wildcard Resource',
    { ...working, resource: { ...working.resource, [RUNTIME]: resourcePolicy('*') } },
  ],
  [
    'gotcha 3: aws:SourceAccount',
    {
      ...working,
      resource: {
        ...working.resource,
        [RUNTIME]: resourcePolicy(RUNTIME, { Condition: { StringEquals: { 'aws:SourceAccount': B } } }),
      },
    },
  ],
  [
    'gotcha 4: the endpoint entry in the wrong account',
    {
      ...working,
      identity: [callerPolicy([RUNTIME, `arn:aws:bedrock-agentcore:*:${B}:runtime/*/runtime-endpoint/*`])],
    },
  ],
];

/** Median and p95 of `fn` in milliseconds, over SAMPLES calls after a warm-up. */
function measure(fn) {
  const until = performance.now() + WARMUP_MS;
  while (performance.now() < until) fn();
  const times = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
}

const fmt = (ms) => ms.toFixed(3);
const rows = [];
let worst = 0;
for (const [name, policies] of GOTCHAS) {
  const plan = planAccessFix(request, policies);
  if (plan.explanation.decision !== 'allow' || plan.changes.length !== 1) {
    throw new Error(`${name}: the plan does not fix it with one change`);
  }
  const fix = measure(() => planAccessFix(request, policies));
  const explain = measure(() => explainAccess(request, policies));
  const aws = `User: ${CALLER} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME} because no resource-based policy allows the ${INVOKE} action`;
  const diagnose = measure(() => diagnoseAccessDenied(aws, { runtimeArn: RUNTIME, policies }));
  worst = Math.max(worst, fix.median);
  rows.push(
    `| ${name} | ${fmt(fix.median)} | ${fmt(fix.p95)} | ${fmt(explain.median)} | ${(fix.median / explain.median).toFixed(1)} | ${fmt(diagnose.median)} |`,
  );
}

console.log(
  [
    '## planAccessFix on the four gotchas',
    '',
    `One broken document each (the setups of test/fixtures/broken-setups.ts); ${SAMPLES} calls after a ${WARMUP_MS} ms warm-up.`,
    'The diagnosis column is `diagnoseAccessDenied` with the policies: evaluate, lint, plan the fix.',
    '',
    '| setup | planAccessFix median, ms | p95, ms | explainAccess median, ms | plan / explain | diagnosis with fix, median ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Slowest planAccessFix median: ${fmt(worst)} ms (goal < 5 ms).`,
  ].join('\n'),
);
if (worst >= 5) process.exitCode = 1;
