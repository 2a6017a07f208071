import { describe, expect, it } from 'vitest';
import { callerIdentityPolicy, runtimeAccessPolicies } from '../../../../src/policy/build/index.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';
import { loadSeed } from '../../../fixtures/seeds/index.js';

// Seed 000: the field report. Account A 111111111111 (eu-west-1) owns the runtime; Account B
// 222222222222 calls it as role/the-caller-role.
const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const seedPolicies = runtimeAccessPolicies({
  runtimeArn: RUNTIME,
  principals: ['222222222222', 'arn:aws:iam::222222222222:role/the-caller-role'],
  sid: 'AllowCallerRole',
});

function onlyStatement(document: PolicyDocument): Statement {
  const statements = document.Statement as readonly Statement[];
  expect(statements).toHaveLength(1);
  return statements[0] as Statement;
}

function withoutResource(document: PolicyDocument): PolicyDocument {
  const { Resource: _resource, ...rest } = onlyStatement(document);
  return { ...document, Statement: [rest as Statement] };
}

interface Row {
  name: string;
  actual: () => unknown;
  expected: unknown;
}

const rows: Row[] = [
  {
    name: 'runtime policy reproduces the seed document exactly (gotcha 1)',
    actual: () => seedPolicies.runtime.document,
    expected: loadSeed('seed-000-runtime-policy'),
  },
  {
    name: 'runtime policy is attached to the runtime ARN',
    actual: () => seedPolicies.runtime.resourceArn,
    expected: RUNTIME,
  },
  {
    name: 'one endpoint policy, for the DEFAULT endpoint ARN',
    actual: () => seedPolicies.endpoints.map((p) => p.resourceArn),
    expected: [ENDPOINT],
  },
  {
    name: 'endpoint policy Resource is the exact endpoint ARN (gotcha 2)',
    actual: () => onlyStatement(seedPolicies.endpoints[0]!.document).Resource,
    expected: ENDPOINT,
  },
  {
    name: 'endpoint policy is identical to the runtime policy except Resource',
    actual: () => withoutResource(seedPolicies.endpoints[0]!.document),
    expected: withoutResource(loadSeed('seed-000-runtime-policy') as PolicyDocument),
  },
  {
    name: 'corrected caller identity policy of gotcha 4: runtime/* and runtime/*/runtime-endpoint/* in Account A',
    actual: () =>
      onlyStatement(
        callerIdentityPolicy({
          runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*'],
          qualifiers: ['*'],
        }),
      ).Resource,
    expected: (loadSeed('seed-000-gotcha4-corrected-resources') as { Resource: string[] }).Resource,
  },
  {
    name: 'least-privilege caller identity policy: the exact runtime and endpoint ARNs, invoke actions',
    actual: () => onlyStatement(callerIdentityPolicy({ runtimeArns: [RUNTIME] })),
    expected: {
      Sid: 'InvokeCrossAccountRuntime',
      Effect: 'Allow',
      Action: [
        'bedrock-agentcore:InvokeAgentRuntime',
        'bedrock-agentcore:InvokeAgentRuntimeForUser',
        'bedrock-agentcore:GetAgentCard',
      ],
      Resource: [RUNTIME, ENDPOINT],
    },
  },
];

describe('seed 000: runtime resource policies and the caller identity policy', () => {
  it.for(rows)('$name', (row) => {
    expect(row.actual()).toStrictEqual(row.expected);
  });
});
