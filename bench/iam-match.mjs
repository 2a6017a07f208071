#!/usr/bin/env node
// Benchmark of IAM wildcard matching on hostile input (issue 15): explainAccess deciding a
// StringLike condition whose pattern is '*' + 'a'.repeat(n / 2) + 'b' against an n-character
// context value of 'a's, at 10 KB, 30 KB and 100 KB, and two other shapes at 100 KB. The reference
// is the matcher the library had before (greedy, backtracking to the last star: O(pattern x value)),
// copied below and run on the same pattern and value in the same run; and @cloud-copilot/iam-simulate
// (AGPL: bench and tests only) on the same request. Prints a markdown section; about 15 s.
// Run `npm run build` first (it imports ../dist/policy/index.js).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { explainAccess } from '../dist/policy/index.js';

const A = '111111111111';
const MEMORY = `arn:aws:bedrock-agentcore:eu-west-1:${A}:memory/shared_memory-abcdefghij`;
const CALLER = `arn:aws:iam::${A}:role/admin`;
const KEY = 'bedrock-agentcore:actorId';
const GOAL_MS = 50;

/** The previous matcher: greedy with one backtrack point (the last star). */
function previousGlob(pattern, value) {
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < value.length) {
    const pc = pattern.charCodeAt(pi);
    if (pi < pattern.length && (pc === 63 || pc === value.charCodeAt(vi))) {
      pi++;
      vi++;
    } else if (pi < pattern.length && pc === 42) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pattern.length && pattern.charCodeAt(pi) === 42) pi++;
  return pi === pattern.length;
}

function policies(pattern) {
  return {
    identity: [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'bedrock-agentcore:*',
            Resource: MEMORY,
            Condition: { StringLike: { [KEY]: pattern } },
          },
        ],
      },
    ],
    resource: {},
  };
}

function explain(pattern, value) {
  return explainAccess(
    {
      principalArn: CALLER,
      action: 'bedrock-agentcore:CreateEvent',
      resourceArn: MEMORY,
      context: { [KEY]: value },
    },
    policies(pattern),
  ).decision;
}

/** Median wall time of `runs` calls, in ms. */
async function median(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function check(condition, message) {
  if (!condition) throw new Error(`benchmark precondition failed: ${message}`);
}

const hostile = (n) => [`*${'a'.repeat(n / 2)}b`, 'a'.repeat(n)];
const rows = [];
for (const n of [10_000, 30_000, 100_000]) {
  const [pattern, value] = hostile(n);
  check(explain(pattern, value) === 'implicit-deny', 'the hostile value does not match');
  const ours = await median(() => explain(pattern, value), 7);
  // The previous matcher is quadratic: one run each (about 10 s at 100 KB).
  const previous = await median(() => previousGlob(pattern, value), 1);
  const simulation = {
    request: {
      principal: CALLER,
      action: 'bedrock-agentcore:CreateEvent',
      resource: { resource: MEMORY, accountId: A },
      contextVariables: { [KEY]: value },
    },
    identityPolicies: [{ name: 'identity', policy: policies(pattern).identity[0] }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  let simulate;
  try {
    simulate = await median(() => runSimulation(simulation, {}), 3);
  } catch (error) {
    // iam-simulate compiles the pattern into a RegExp, which V8 refuses past some size.
    simulate = `fails (${String(error.message).split(': ').pop()})`;
  }
  rows.push({
    name: `StringLike \`*a…ab\` (${n / 2} a's) against ${n / 1000} KB of a's`,
    ours,
    previous,
    simulate,
    n,
  });
}
for (const [name, pattern] of [
  ['many stars `*a*a…*b` (25,000 stars) against 100 KB', `${'*a'.repeat(25_000)}b`],
  ['a 2,000-character block of `a?` pairs, `*a?a?…b*`, against 100 KB', `*${'a?'.repeat(1000)}b*`],
]) {
  const value = 'a'.repeat(100_000);
  check(explain(pattern, value) === 'implicit-deny', `${name} does not match`);
  rows.push({
    name,
    ours: await median(() => explain(pattern, value), 7),
    previous: undefined,
    simulate: undefined,
    n: 100_000,
  });
}

const ms = (v) =>
  v === undefined
    ? '—'
    : typeof v === 'string'
      ? v
      : v >= 1000
        ? `${(v / 1000).toFixed(2)} s`
        : `${v.toFixed(1)} ms`;
const hundred = rows.find((r) => r.n === 100_000);
const lines = [
  '## IAM wildcard matching on hostile input',
  '',
  '`explainAccess` deciding one StringLike condition whose pattern is `*` + `a` × n/2 + `b` against a',
  'context value of n `a`s (issue 15: the previous matcher took 0.57 s at 10 KB, 5.5 s at 30 KB and',
  '114 s at 100 KB), median of 7 calls; the previous matcher (greedy, backtracking to the last star,',
  'O(pattern × value)) and iam-simulate on the same pattern and value in the same run.',
  '',
  '| case | explainAccess | previous matcher alone | iam-simulate | previous / ours |',
  '|---|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${ms(r.ours)} | ${ms(r.previous)} | ${ms(r.simulate)} | ${r.previous === undefined ? '—' : `${(r.previous / r.ours).toFixed(0)}×`} |`,
  ),
  '',
  `100 KB hostile value: ${ms(hundred.ours)} (goal < ${GOAL_MS} ms: ${hundred.ours < GOAL_MS ? 'met' : 'NOT met'}).`,
];
process.stdout.write(`${lines.join('\n')}\n`);
