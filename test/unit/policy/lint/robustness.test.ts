import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LintPolicyOptions } from '../../../../src/policy/lint/index.js';
import { lintAccessSetup, lintPolicy } from '../../../../src/policy/lint/index.js';
import type { Finding, PolicyDocument } from '../../../../src/policy/types.js';
import {
  CALLER_ROLE,
  correctedIdentityPolicy,
  ENDPOINT,
  MEMORY,
  OWNER,
  RUNTIME,
  runtimePolicy,
  sourceAccountPolicy,
} from '../../../fixtures/lint/seed-000.js';

const SEVERITIES = new Set(['error', 'warning', 'info']);

function expectFindings(findings: unknown): void {
  expect(Array.isArray(findings)).toBe(true);
  for (const f of findings as Finding[]) {
    expect(typeof f.code).toBe('string');
    expect(SEVERITIES.has(f.severity)).toBe(true);
    expect(typeof f.message).toBe('string');
    expect(f.path === '' || f.path.startsWith('/')).toBe(true);
    expect(typeof f.fix).toBe('string');
  }
}

const trustPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:bedrock-agentcore:eu-west-1:${OWNER}:memory/*` } },
    },
  ],
};
const memoryPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'R',
      Effect: 'Allow',
      Principal: { AWS: CALLER_ROLE },
      Action: ['bedrock-agentcore:GetEvent'],
      Resource: MEMORY,
    },
    {
      Sid: 'W',
      Effect: 'Allow',
      Principal: '*',
      Action: 'bedrock-agentcore:CreateEvent',
      Resource: MEMORY,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1', 'bedrock-agentcore:actorId': 'a' } },
    },
  ],
};
const VALID = [runtimePolicy, sourceAccountPolicy, correctedIdentityPolicy, trustPolicy, memoryPolicy];

/** Every path to a value in a JSON tree (objects and arrays), root included. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pathsOf(v, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

interface Mutation {
  at: number;
  op: 'replace' | 'delete' | 'add';
  key: string;
  value: unknown;
}

/** Applies mutations to a deep copy of a valid policy: replace a node, delete it, or add a key. */
function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(document);
  for (const { at, op, key, value } of mutations) {
    const paths = pathsOf(root);
    const path = paths[at % paths.length] ?? [];
    if (path.length === 0) {
      if (op !== 'add') root = value;
      else if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
        Object.defineProperty(root, key, { value, enumerable: true, configurable: true, writable: true });
      }
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], root) as Record<
      string | number,
      unknown
    >;
    const last = path[path.length - 1] as string | number;
    if (op === 'delete') {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (
      op === 'add' &&
      typeof parent[last] === 'object' &&
      parent[last] !== null &&
      !Array.isArray(parent[last])
    ) {
      Object.defineProperty(parent[last], key, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else {
      parent[last] = value;
    }
  }
  return root;
}

const keys = fc.constantFrom(
  'Statement',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  'AWS',
  'Service',
  'Sid',
  'Version',
  '__proto__',
  'constructor',
  'toString',
  'StringEquals',
  'aws:SourceAccount',
  'bedrock-agentcore:actorId',
  'ForAnyValue:StringLike',
  '',
  '~/',
);
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '*',
    'Allow',
    'Deny',
    RUNTIME,
    ENDPOINT,
    MEMORY,
    'bedrock-agentcore:*',
    'bedrock-agentcore:Invoke*',
    'arn:aws:iam::222222222222:root',
    '2012-10-17',
    'arn:aws:bedrock-agentcore:*:*:runtime/*',
  ),
);
const mutated = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(
      fc.record({ at: fc.nat(), op: fc.constantFrom('replace', 'delete', 'add'), key: keys, value: values }),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([document, mutations]) => mutate(document, mutations as Mutation[]));
const documents = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 2 },
  {
    arbitrary: fc.anything({
      maxDepth: 3,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
    }),
    weight: 1,
  },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: mutated, weight: 5 },
  { arbitrary: mutated.map((d) => JSON.stringify(d) ?? ''), weight: 1 },
);
const options = fc.constantFrom<LintPolicyOptions>(
  { kind: 'resource', attachedTo: RUNTIME },
  { kind: 'resource' },
  { kind: 'identity', ownerAccountId: OWNER },
  { kind: 'identity' },
  { kind: 'trust' },
);

describe('lint never throws', () => {
  test('10,000 arbitrary values and mutated valid policies', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(documents, options, (document, opts) => {
        const findings = lintPolicy(document, opts);
        expectFindings(findings);
        for (const f of findings) seen.add(f.code);
      }),
      { numRuns: 10_000 },
    );
    // The mutations reach the rules, not only the reader.
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });

  test('1,000 setups of arbitrary policies', () => {
    fc.assert(
      fc.property(
        fc.array(documents, { maxLength: 3 }),
        fc.array(documents, { maxLength: 2 }),
        (resources, identities) => {
          const resourcePolicies = Object.fromEntries(
            resources.map((d, i) => [[RUNTIME, ENDPOINT, MEMORY][i] as string, d as PolicyDocument]),
          );
          const findings = lintAccessSetup({
            targets: [{ runtimeArn: RUNTIME }, { memoryArn: MEMORY }],
            resourcePolicies,
            identityPolicies: identities as PolicyDocument[],
            callerArn: CALLER_ROLE,
          });
          expectFindings(findings);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  const cyclic: Record<string, unknown> = { Statement: [] };
  cyclic.self = cyclic;
  const throwingGetter = Object.defineProperty({ Version: '2012-10-17' }, 'Statement', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const hostileProxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('no keys');
      },
    },
  );
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwsRevoked = Object.defineProperty({}, 'Statement', {
    enumerable: true,
    get() {
      throw revoked.proxy;
    },
  });
  let deepArray: unknown = [];
  for (let i = 0; i < 200_000; i++) deepArray = [deepArray];
  const deepJson = `{"Statement":[{"Effect":"Allow","Condition":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;

  test.each([
    { scenario: 'undefined', input: undefined },
    { scenario: 'null', input: null },
    { scenario: 'a function', input: () => 1 },
    { scenario: 'a symbol', input: Symbol('policy') },
    { scenario: 'a bigint', input: 10n },
    { scenario: 'a cyclic object', input: cyclic },
    { scenario: 'a throwing getter', input: throwingGetter },
    { scenario: 'a hostile proxy', input: hostileProxy },
    { scenario: 'a getter throwing a revoked proxy', input: throwsRevoked },
    {
      scenario: 'arrays nested 200,000 deep',
      input: { Statement: [{ Effect: 'Allow', Action: deepArray }] },
    },
    { scenario: 'a JSON string nested 100,000 deep', input: deepJson },
    { scenario: 'an empty string', input: '' },
    { scenario: 'a JSON string over 2 MiB', input: `"${'x'.repeat(2 * 1024 * 1024)}"` },
  ])('$scenario is an invalid-policy finding or a clean report, never a throw', ({ input }) => {
    const findings = lintPolicy(input, { kind: 'resource', attachedTo: RUNTIME });
    expectFindings(findings);
    expect(findings.length).toBeGreaterThan(0);
  });
});

describe('a 1 MB document', () => {
  function big(kind: 'resource' | 'identity'): PolicyDocument {
    const statements: PolicyDocument['Statement'] = [];
    const list = statements as unknown as object[];
    let length = 0;
    for (let i = 0; length < 1024 * 1024; i++) {
      const runtime = `arn:aws:bedrock-agentcore:eu-west-1:${OWNER}:runtime/agent${i}-abcdefghij`;
      const statement =
        kind === 'resource'
          ? {
              Sid: `S${i}`,
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::222222222222:role/caller-${i}` },
              Action: [
                'bedrock-agentcore:InvokeAgentRuntime',
                'bedrock-agentcore:Invoke*',
                'bedrock-agentcore:Nope',
              ],
              Resource: RUNTIME,
              Condition: {
                StringEquals: { 'aws:SourceAccount': '222222222222', 'bedrock-agentcore:actorId': 'x' },
              },
            }
          : {
              Sid: `S${i}`,
              Effect: 'Allow',
              Action: [
                'bedrock-agentcore:InvokeAgentRuntime*',
                'bedrock-agentcore:GetEvent',
                'bedrock-agentcore:CreateEvent',
              ],
              Resource: [runtime, `${runtime.replace(OWNER, '222222222222')}/runtime-endpoint/*`, MEMORY],
            };
      list.push(statement);
      length += JSON.stringify(statement).length + 1;
    }
    return { Version: '2012-10-17', Statement: statements };
  }

  test('a 1 MB resource policy is linted and flagged policy-too-large', () => {
    const document = big('resource');
    expect(JSON.stringify(document).length).toBeGreaterThan(1024 * 1024);
    const findings = lintPolicy(document, { kind: 'resource', attachedTo: RUNTIME });
    expect(findings[0]?.code).toBe('policy-too-large');
    expect(new Set(findings.map((f) => f.code))).toEqual(
      new Set([
        'policy-too-large',
        'unknown-action',
        'condition-key-not-applicable',
        'source-account-condition',
      ]),
    );
  });

  test('the same as a JSON string', () => {
    const findings = lintPolicy(JSON.stringify(big('resource')), { kind: 'resource', attachedTo: RUNTIME });
    expect(findings.some((f) => f.code === 'policy-too-large')).toBe(true);
  });

  test('a 1 MB identity policy of distinct runtimes completes', () => {
    const findings = lintPolicy(big('identity'), { kind: 'identity', ownerAccountId: OWNER });
    const codes = new Set(findings.map((f) => f.code));
    expect(codes).toEqual(
      new Set(['identity-wrong-account', 'identity-missing-endpoint', 'mixed-read-write']),
    );
  });
});
