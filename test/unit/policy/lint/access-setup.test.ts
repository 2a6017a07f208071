import { describe, expect, test } from 'vitest';
import { isInvalidArnError, isValidationError } from '../../../../src/errors.js';
import type { LintAccessSetupInput } from '../../../../src/policy/lint/index.js';
import { lintAccessSetup } from '../../../../src/policy/lint/index.js';
import type { FindingCode, PolicyDocument } from '../../../../src/policy/types.js';
import {
  CALLER_ROLE,
  CALLER_SESSION,
  correctedIdentityPolicy,
  ENDPOINT,
  endpointPolicy,
  gotcha4IdentityPolicy,
  MEMORY,
  OWNER,
  RUNTIME,
  runtimePolicy,
  seedResourcePolicy,
  sourceAccountPolicy,
  wildcardResourcePolicy,
} from '../../../fixtures/lint/seed-000.js';
import { allow, errors, summary } from './helpers.js';

const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const PROD = `${RUNTIME}/runtime-endpoint/prod`;

const memoryPolicy = (principal = CALLER_ROLE): PolicyDocument =>
  allow(['bedrock-agentcore:GetEvent', 'bedrock-agentcore:ListEvents'], MEMORY, principal);
const memoryIdentity = allow(['bedrock-agentcore:GetEvent', 'bedrock-agentcore:ListEvents'], MEMORY);

/** Everything right: runtime + DEFAULT endpoint + memory, the caller's identity policy, the caller. */
const good: LintAccessSetupInput = {
  targets: [{ runtimeArn: RUNTIME }, { memoryArn: MEMORY }],
  resourcePolicies: {
    [RUNTIME]: allow(INVOKE, RUNTIME, CALLER_ROLE),
    [ENDPOINT]: allow(INVOKE, ENDPOINT, CALLER_ROLE),
    [MEMORY]: memoryPolicy(),
  },
  identityPolicies: [allow(INVOKE, [RUNTIME, `${RUNTIME}/runtime-endpoint/*`]), memoryIdentity],
  callerArn: CALLER_ROLE,
};

interface Row {
  scenario: string;
  input: LintAccessSetupInput;
  code: FindingCode;
  policyArn: string;
  path?: string;
}

const rows: Row[] = [
  {
    scenario: 'runtime policy but none on the endpoint (seed gotcha 1)',
    input: { ...good, resourcePolicies: { ...good.resourcePolicies, [ENDPOINT]: undefined } },
    code: 'endpoint-policy-missing',
    policyArn: ENDPOINT,
    path: '',
  },
  {
    scenario: 'an extra qualifier without its endpoint policy',
    input: { ...good, targets: [{ runtimeArn: RUNTIME, qualifiers: ['DEFAULT', 'prod'] }] },
    code: 'endpoint-policy-missing',
    policyArn: PROD,
  },
  {
    scenario: 'an endpoint ARN as target',
    input: { ...good, targets: [{ runtimeArn: PROD }] },
    code: 'endpoint-policy-missing',
    policyArn: PROD,
  },
  {
    scenario: 'no runtime policy',
    input: { ...good, resourcePolicies: { [ENDPOINT]: allow(INVOKE, ENDPOINT, CALLER_ROLE) } },
    code: 'runtime-policy-missing',
    policyArn: RUNTIME,
  },
  {
    scenario: 'no memory policy',
    input: { ...good, resourcePolicies: { ...good.resourcePolicies, [MEMORY]: undefined } },
    code: 'memory-policy-missing',
    policyArn: MEMORY,
  },
  {
    scenario: 'a bare memory id',
    input: { ...good, targets: [{ memoryArn: 'shared_memory-abcdefghij' }] },
    code: 'memory-id-not-arn',
    policyArn: 'shared_memory-abcdefghij',
  },
  {
    scenario: 'wildcard Resource in the runtime policy',
    input: {
      ...good,
      resourcePolicies: { ...good.resourcePolicies, [RUNTIME]: allow(INVOKE, '*', CALLER_ROLE) },
    },
    code: 'resource-wildcard',
    policyArn: RUNTIME,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'the endpoint policy names the runtime',
    input: {
      ...good,
      resourcePolicies: { ...good.resourcePolicies, [ENDPOINT]: allow(INVOKE, RUNTIME, CALLER_ROLE) },
    },
    code: 'resource-mismatch',
    policyArn: ENDPOINT,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity allows the exact runtime ARN only',
    input: { ...good, identityPolicies: [allow(INVOKE, RUNTIME), memoryIdentity] },
    code: 'identity-missing-endpoint',
    policyArn: 'identity[0]',
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity names the endpoint in the caller account',
    input: {
      ...good,
      identityPolicies: [allow(INVOKE, [RUNTIME, ENDPOINT.replace(OWNER, '222222222222')]), memoryIdentity],
    },
    code: 'identity-wrong-account',
    policyArn: 'identity[0]',
    path: '/Statement/0/Resource/1',
  },
  {
    scenario: 'identity names the memory in another account and region',
    input: {
      ...good,
      identityPolicies: [
        good.identityPolicies?.[0] as PolicyDocument,
        allow(
          'bedrock-agentcore:GetEvent',
          MEMORY.replace(OWNER, '333333333333').replace('eu-west-1', 'us-east-1'),
        ),
      ],
    },
    code: 'identity-wrong-account',
    policyArn: 'identity[1]',
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity names the runtime in another region',
    input: {
      ...good,
      identityPolicies: [
        allow(INVOKE, 'arn:aws:bedrock-agentcore:us-east-1:111111111111:runtime/*'),
        memoryIdentity,
      ],
    },
    code: 'region-mismatch',
    policyArn: 'identity[0]',
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity allows nothing on the runtime',
    input: { ...good, identityPolicies: [memoryIdentity] },
    code: 'identity-missing-action',
    policyArn: 'identity',
    path: '',
  },
  {
    scenario: 'no identity policy at all',
    input: { ...good, identityPolicies: [] },
    code: 'identity-missing-action',
    policyArn: 'identity',
  },
  {
    scenario: 'ForUser in one identity policy, InvokeAgentRuntime nowhere',
    input: {
      ...good,
      identityPolicies: [
        allow([INVOKE], 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/other-abcdefghij*'),
        allow('bedrock-agentcore:InvokeAgentRuntimeForUser', `${RUNTIME}*`),
        memoryIdentity,
      ],
    },
    code: 'identity-missing-action',
    policyArn: 'identity[1]',
    path: '/Statement/0/Action',
  },
  {
    scenario: 'an identity Deny on invocations',
    input: {
      ...good,
      identityPolicies: [
        ...(good.identityPolicies ?? []),
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'NoAgents', Effect: 'Deny', Action: 'bedrock-agentcore:Invoke*', Resource: '*' },
          ],
        },
      ],
    },
    code: 'explicit-deny',
    policyArn: 'identity[2]',
    path: '/Statement/0',
  },
  {
    scenario: 'the resource policy names another role',
    input: {
      ...good,
      resourcePolicies: {
        ...good.resourcePolicies,
        [ENDPOINT]: allow(INVOKE, ENDPOINT, 'arn:aws:iam::222222222222:role/other'),
      },
    },
    code: 'principal-not-allowed',
    policyArn: ENDPOINT,
    path: '/Statement',
  },
  {
    scenario: 'the memory policy names the caller without a memory action',
    input: {
      ...good,
      resourcePolicies: {
        ...good.resourcePolicies,
        [MEMORY]: allow('bedrock-agentcore:GetMemory', MEMORY, CALLER_ROLE),
      },
    },
    code: 'action-not-allowed',
    policyArn: MEMORY,
    path: '/Statement/0/Action',
  },
  {
    scenario: 'the runtime policy names the caller for GetAgentCard only',
    input: {
      ...good,
      resourcePolicies: {
        ...good.resourcePolicies,
        [RUNTIME]: allow('bedrock-agentcore:GetAgentCard', RUNTIME, CALLER_ROLE),
      },
    },
    code: 'action-not-allowed',
    policyArn: RUNTIME,
  },
  {
    scenario: 'a resource Deny matching the caller',
    input: {
      ...good,
      resourcePolicies: {
        ...good.resourcePolicies,
        [RUNTIME]: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'A', Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: RUNTIME },
            {
              Sid: 'D',
              Effect: 'Deny',
              Principal: { AWS: '222222222222' },
              Action: 'bedrock-agentcore:*',
              Resource: RUNTIME,
            },
          ],
        },
      },
    },
    code: 'explicit-deny',
    policyArn: RUNTIME,
    path: '/Statement/1',
  },
  {
    scenario: 'an unreadable resource policy',
    input: {
      ...good,
      resourcePolicies: { ...good.resourcePolicies, [RUNTIME]: '{oops' as unknown as PolicyDocument },
    },
    code: 'invalid-policy',
    policyArn: RUNTIME,
    path: '',
  },
];

describe('lintAccessSetup: each set-level code', () => {
  test.each(rows)('$code: $scenario', ({ input, code, policyArn, path }) => {
    const findings = lintAccessSetup(input);
    const hit = findings.find(
      (f) => f.code === code && f.policyArn === policyArn && (path === undefined || f.path === path),
    );
    expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
    expect(hit?.fix).toBeTruthy();
  });
});

describe('lintAccessSetup: clean setups', () => {
  test('everything in place: no finding at all', () => {
    expect(lintAccessSetup(good)).toEqual([]);
  });

  test('every finding names its policy', () => {
    const broken: LintAccessSetupInput = {
      ...good,
      resourcePolicies: { [RUNTIME]: wildcardResourcePolicy },
      identityPolicies: [gotcha4IdentityPolicy],
    };
    const findings = lintAccessSetup(broken);
    expect(findings.length).toBeGreaterThan(3);
    for (const f of findings) expect(f.policyArn, f.code).toBeTruthy();
  });

  test('runtime and endpoint granted in two identity policies: nothing missing', () => {
    const input = {
      ...good,
      identityPolicies: [allow(INVOKE, RUNTIME), allow(INVOKE, ENDPOINT), memoryIdentity],
    };
    expect(summary(lintAccessSetup(input))).toEqual([]);
  });

  test('an assumed-role session matches a policy naming its role', () => {
    expect(lintAccessSetup({ ...good, callerArn: CALLER_SESSION })).toEqual([]);
  });

  test('a caller in the owner account needs no resource policy', () => {
    const input = { ...good, resourcePolicies: {}, callerArn: 'arn:aws:iam::111111111111:role/local' };
    expect(lintAccessSetup(input)).toEqual([]);
  });

  test('a conditional Deny is a warning, a Deny of one memory action is info', () => {
    const input: LintAccessSetupInput = {
      ...good,
      identityPolicies: [
        ...(good.identityPolicies ?? []),
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Action: INVOKE,
              Resource: RUNTIME,
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
            },
            { Effect: 'Deny', Action: 'bedrock-agentcore:DeleteEvent', Resource: MEMORY },
          ],
        },
      ],
    };
    const denies = lintAccessSetup(input).filter((f) => f.code === 'explicit-deny');
    expect(denies.map((f) => `${f.severity}@${f.path}`)).toEqual([
      'warning@/Statement/0',
      'info@/Statement/1',
    ]);
  });

  test('set-level and document checks meeting on one entry give one finding', () => {
    const input = {
      ...good,
      identityPolicies: [allow(INVOKE, [RUNTIME, ENDPOINT.replace(OWNER, '222222222222')]), memoryIdentity],
    };
    const wrong = lintAccessSetup(input).filter((f) => f.code === 'identity-wrong-account');
    expect(wrong).toHaveLength(1);
  });
});

describe('seed 000: the four bad setups', () => {
  const seedSetup = (over: Partial<LintAccessSetupInput>): LintAccessSetupInput => ({
    targets: [{ runtimeArn: RUNTIME }],
    resourcePolicies: { [RUNTIME]: runtimePolicy, [ENDPOINT]: endpointPolicy },
    identityPolicies: [correctedIdentityPolicy],
    callerArn: CALLER_ROLE,
    ...over,
  });

  test.each([
    {
      gotcha: '1, no endpoint policy',
      over: { resourcePolicies: { [RUNTIME]: runtimePolicy } },
      code: 'endpoint-policy-missing',
    },
    {
      gotcha: '2, Resource "*"',
      over: { resourcePolicies: { [RUNTIME]: wildcardResourcePolicy, [ENDPOINT]: endpointPolicy } },
      code: 'resource-wildcard',
    },
    {
      gotcha: '3, aws:SourceAccount',
      over: { resourcePolicies: { [RUNTIME]: sourceAccountPolicy, [ENDPOINT]: endpointPolicy } },
      code: 'source-account-condition',
    },
    {
      gotcha: '4, endpoint sub-path in the caller account',
      over: { identityPolicies: [gotcha4IdentityPolicy] },
      code: 'identity-wrong-account',
    },
  ])('gotcha $gotcha → $code', ({ over, code }) => {
    const found = errors(lintAccessSetup(seedSetup(over as Partial<LintAccessSetupInput>))).map(
      (f) => f.code,
    );
    expect(found).toContain(code);
  });

  test('the seed’s correct policies: no error, the root principal warned about', () => {
    const findings = lintAccessSetup(seedSetup({}));
    expect(errors(findings)).toEqual([]);
    expect(findings.map((f) => `${f.code}:${f.policyArn}`)).toEqual([
      `broad-principal:${RUNTIME}`,
      `broad-principal:${ENDPOINT}`,
    ]);
  });

  test('seed resource policy on each endpoint of two qualifiers is clean too', () => {
    const input = seedSetup({
      targets: [{ runtimeArn: RUNTIME, qualifiers: ['DEFAULT', 'prod'] }],
      resourcePolicies: {
        [RUNTIME]: runtimePolicy,
        [ENDPOINT]: endpointPolicy,
        [PROD]: seedResourcePolicy(PROD),
      },
    });
    expect(errors(lintAccessSetup(input))).toEqual([]);
  });
});

describe('lintAccessSetup: malformed input throws a typed error naming the field', () => {
  test.each([
    {
      scenario: 'a runtime ARN with a wildcard',
      input: {
        targets: [{ runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*' }],
        resourcePolicies: {},
      },
      field: 'targets[0].runtimeArn',
      arn: true,
    },
    {
      scenario: 'a memory ARN given as runtimeArn',
      input: { targets: [{ runtimeArn: MEMORY }], resourcePolicies: {} },
      field: 'targets[0].runtimeArn',
      arn: true,
    },
    {
      scenario: 'a bad qualifier',
      input: { targets: [{ runtimeArn: RUNTIME, qualifiers: ['no/slash'] }], resourcePolicies: {} },
      field: 'targets[0].qualifiers',
      arn: true,
    },
    {
      scenario: 'a malformed caller',
      input: { targets: [], resourcePolicies: {}, callerArn: 'the-caller-role' },
      field: 'callerArn',
      arn: true,
    },
    {
      scenario: 'a target of neither kind',
      input: { targets: [{ arn: RUNTIME }], resourcePolicies: {} },
      field: 'targets[0]',
      arn: false,
    },
    { scenario: 'no resourcePolicies', input: { targets: [] }, field: 'resourcePolicies', arn: false },
  ])('$scenario', ({ input, field, arn }) => {
    let caught: unknown;
    try {
      lintAccessSetup(input as unknown as LintAccessSetupInput);
    } catch (error) {
      caught = error;
    }
    expect(arn ? isInvalidArnError(caught) : isValidationError(caught)).toBe(true);
    expect((caught as Error).message).toContain(field);
  });
});
