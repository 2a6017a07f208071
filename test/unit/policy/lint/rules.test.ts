import { describe, expect, test } from 'vitest';
import type { LintPolicyOptions } from '../../../../src/policy/lint/index.js';
import { lintPolicy } from '../../../../src/policy/lint/index.js';
import type { FindingCode, Severity } from '../../../../src/policy/types.js';
import { CALLER_ROLE, ENDPOINT, MEMORY, OWNER, RUNTIME } from '../../../fixtures/lint/seed-000.js';
import { resolvePointer } from './helpers.js';

const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const FOR_USER = 'bedrock-agentcore:InvokeAgentRuntimeForUser';

/** A resource policy with one statement; `undefined` members disappear, as in JSON. */
function resource(statement: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Allow',
        Effect: 'Allow',
        Principal: { AWS: CALLER_ROLE },
        Action: INVOKE,
        Resource: RUNTIME,
        ...statement,
      },
    ],
    ...extra,
  };
}

function identity(statement: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: INVOKE, Resource: [RUNTIME, ENDPOINT], ...statement }],
    ...extra,
  };
}

function trust(statement: Record<string, unknown> = {}): unknown {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: 'sts:AssumeRole', ...statement }],
  };
}

const memoryPolicy = (actions: string[]): unknown => resource({ Action: actions, Resource: MEMORY });

const atRuntime: LintPolicyOptions = { kind: 'resource', attachedTo: RUNTIME };
const asIdentity: LintPolicyOptions = { kind: 'identity', ownerAccountId: OWNER };
const asTrust: LintPolicyOptions = { kind: 'trust' };
const atMemory: LintPolicyOptions = { kind: 'resource', attachedTo: MEMORY };

/** A document of `n` distinct statements (Sids S0…), each about 200 characters. */
function bigResourcePolicy(n: number): unknown {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: n }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::222222222222:role/caller-${i}` },
      Action: INVOKE,
      Resource: RUNTIME,
    })),
  };
}

/** `n` short statements (about 170 characters each): the statement cap, not the size, applies. */
function manyStatements(n: number): unknown {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: n }, (_, i) => ({
      Effect: 'Allow',
      Principal: { AWS: String(100000000000 + i) },
      Action: INVOKE,
      Resource: RUNTIME,
    })),
  };
}

interface Row {
  scenario: string;
  code: FindingCode;
  document: unknown;
  options: LintPolicyOptions;
  /** For a triggering row: where the finding points, and how serious it is. */
  path?: string;
  severity?: Severity;
  /** The finding points where the missing element belongs. */
  pointsToMissing?: true;
}

/** Documents that must yield `code` (at `path`, with `severity`). */
const triggers: Row[] = [
  {
    scenario: 'Resource "*" in a resource policy',
    code: 'resource-wildcard',
    document: resource({ Resource: '*' }),
    options: atRuntime,
    path: '/Statement/0/Resource',
    severity: 'error',
  },
  {
    scenario: 'a runtime/* pattern in a resource policy list',
    code: 'resource-wildcard',
    document: resource({
      Resource: [RUNTIME, 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-?bcdefghij'],
    }),
    options: atRuntime,
    path: '/Statement/0/Resource/1',
    severity: 'error',
  },
  {
    scenario: 'NotResource in a resource policy',
    code: 'resource-wildcard',
    document: resource({ Resource: undefined, NotResource: ENDPOINT }),
    options: atRuntime,
    path: '/Statement/0/NotResource',
  },
  {
    scenario: 'the endpoint ARN in the policy attached to the runtime',
    code: 'resource-mismatch',
    document: resource({ Resource: ENDPOINT }),
    options: atRuntime,
    path: '/Statement/0/Resource',
    severity: 'error',
  },
  {
    scenario: 'runtime and endpoint in one Resource list',
    code: 'resource-mismatch',
    document: resource({ Resource: [RUNTIME, ENDPOINT] }),
    options: atRuntime,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'two statements naming different ARNs, no attachedTo',
    code: 'resource-mismatch',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: RUNTIME },
        { Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: ENDPOINT },
      ],
    },
    options: { kind: 'resource' },
    path: '/Statement/1/Resource',
  },
  {
    scenario: 'aws:SourceAccount on an IAM principal (seed gotcha 3)',
    code: 'source-account-condition',
    document: resource({ Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/StringEquals/aws:SourceAccount',
    severity: 'error',
  },
  {
    scenario: 'aws:SourceArn with ArnLike on a role trust',
    code: 'source-account-condition',
    document: trust({ Condition: { ArnLike: { 'aws:sourcearn': 'arn:aws:iam::222222222222:role/*' } } }),
    options: asTrust,
    path: '/Statement/0/Condition/ArnLike/aws:sourcearn',
    severity: 'error',
  },
  {
    scenario: 'Deny unless aws:SourceAccount matches: denies every direct call',
    code: 'source-account-condition',
    document: resource({}, {}),
    options: atRuntime,
  },
  {
    scenario: 'identity Resource in the caller account (seed gotcha 4)',
    code: 'identity-wrong-account',
    document: identity({
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        'arn:aws:bedrock-agentcore:*:222222222222:runtime/*/runtime-endpoint/*',
      ],
    }),
    options: asIdentity,
    path: '/Statement/0/Resource/1',
    severity: 'error',
  },
  {
    scenario: 'seed gotcha 4 with no owner given: the runtime entries tell the owner',
    code: 'identity-wrong-account',
    document: identity({
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        'arn:aws:bedrock-agentcore:*:222222222222:runtime/*/runtime-endpoint/*',
      ],
    }),
    options: { kind: 'identity' },
    path: '/Statement/0/Resource/1',
    severity: 'error',
  },
  {
    scenario: 'identity Resource with * as the account',
    code: 'identity-wrong-account',
    document: identity({ Resource: 'arn:aws:bedrock-agentcore:eu-west-1:*:runtime/*' }),
    options: asIdentity,
    path: '/Statement/0/Resource',
    severity: 'warning',
  },
  {
    scenario: 'identity memory Resource in another account',
    code: 'identity-wrong-account',
    document: identity({
      Action: 'bedrock-agentcore:GetEvent',
      Resource: MEMORY.replace(OWNER, '333333333333'),
    }),
    options: asIdentity,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity grants InvokeAgentRuntime on the exact runtime ARN only',
    code: 'identity-missing-endpoint',
    document: identity({ Resource: RUNTIME }),
    options: asIdentity,
    path: '/Statement/0/Resource',
    severity: 'error',
  },
  {
    scenario: 'identity grants the endpoint only to GetAgentCard',
    code: 'identity-missing-endpoint',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: [INVOKE, 'bedrock-agentcore:GetAgentCard'], Resource: RUNTIME },
        { Effect: 'Allow', Action: 'bedrock-agentcore:GetAgentCard', Resource: ENDPOINT },
      ],
    },
    options: asIdentity,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'identity allows ForUser without InvokeAgentRuntime',
    code: 'identity-missing-action',
    document: identity({ Action: FOR_USER }),
    options: asIdentity,
    path: '/Statement/0/Action',
    severity: 'error',
  },
  {
    scenario: 'resource policy allows ForUser without InvokeAgentRuntime',
    code: 'action-not-allowed',
    document: resource({ Action: [FOR_USER, 'bedrock-agentcore:GetAgentCard'] }),
    options: atRuntime,
    path: '/Statement/0/Action/0',
    severity: 'error',
  },
  {
    scenario: 'account root principal',
    code: 'broad-principal',
    document: resource({ Principal: { AWS: 'arn:aws:iam::222222222222:root' } }),
    options: atRuntime,
    path: '/Statement/0/Principal/AWS',
    severity: 'warning',
  },
  {
    scenario: 'bare account id principal',
    code: 'broad-principal',
    document: resource({ Principal: { AWS: ['222222222222'] } }),
    options: atRuntime,
    path: '/Statement/0/Principal/AWS/0',
  },
  {
    scenario: '* narrowed to an organization',
    code: 'broad-principal',
    document: resource({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    options: atRuntime,
    path: '/Statement/0/Principal',
    severity: 'warning',
  },
  {
    scenario: 'Principal "*" without a condition',
    code: 'wildcard-principal',
    document: resource({ Principal: '*' }),
    options: atRuntime,
    path: '/Statement/0/Principal',
    severity: 'error',
  },
  {
    scenario: '{"AWS": "*"} with only a negated org condition',
    code: 'wildcard-principal',
    document: resource({
      Principal: { AWS: '*' },
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    }),
    options: atRuntime,
    path: '/Statement/0/Principal',
  },
  {
    scenario: 'Allow with NotPrincipal',
    code: 'wildcard-principal',
    document: resource({ Principal: undefined, NotPrincipal: { AWS: CALLER_ROLE } }),
    options: atRuntime,
    path: '/Statement/0/NotPrincipal',
  },
  {
    scenario: 'Principal "*" on a trust policy',
    code: 'wildcard-principal',
    document: trust({ Principal: '*' }),
    options: asTrust,
    path: '/Statement/0/Principal',
  },
  {
    scenario: 'memory reads and writes in one statement',
    code: 'mixed-read-write',
    document: memoryPolicy(['bedrock-agentcore:GetEvent', 'bedrock-agentcore:CreateEvent']),
    options: atMemory,
    path: '/Statement/0/Action',
    severity: 'warning',
  },
  {
    scenario: 'bedrock-agentcore:* on a memory in an identity policy',
    code: 'mixed-read-write',
    document: identity({ Action: 'bedrock-agentcore:*', Resource: MEMORY }),
    options: asIdentity,
    path: '/Statement/0/Action',
  },
  {
    scenario: 'a misspelled AgentCore action',
    code: 'unknown-action',
    document: resource({ Action: [INVOKE, 'bedrock-agentcore:InvokeAgentRuntimes'] }),
    options: atRuntime,
    path: '/Statement/0/Action/1',
    severity: 'error',
  },
  {
    scenario: 'an AgentCore pattern matching nothing',
    code: 'unknown-action',
    document: resource({ Action: 'bedrock-agentcore:Fly*' }),
    options: atRuntime,
    path: '/Statement/0/Action',
  },
  {
    scenario: 'actorId on InvokeAgentRuntime',
    code: 'condition-key-not-applicable',
    document: resource({ Condition: { StringEquals: { 'bedrock-agentcore:actorId': 'a' } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/StringEquals/bedrock-agentcore:actorId',
    severity: 'warning',
  },
  {
    scenario: 'a key with a slash, escaped in the pointer',
    code: 'condition-key-not-applicable',
    document: resource({ Condition: { StringEquals: { 'bedrock-agentcore:InboundJwtClaim/aud': 'x' } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/StringEquals/bedrock-agentcore:InboundJwtClaim~1aud',
  },
  {
    scenario: 'namespace on CreateEvent',
    code: 'condition-key-not-applicable',
    document: identity({
      Action: 'bedrock-agentcore:CreateEvent',
      Resource: MEMORY,
      Condition: { StringLike: { 'bedrock-agentcore:namespace': 'x/*' } },
    }),
    options: asIdentity,
  },
  {
    scenario: 'two statements with Sid "Allow"',
    code: 'duplicate-sid',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Allow', Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: RUNTIME },
        {
          Sid: 'Allow',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE },
          Action: 'bedrock-agentcore:GetAgentCard',
          Resource: RUNTIME,
        },
      ],
    },
    options: atRuntime,
    path: '/Statement/1/Sid',
    severity: 'error',
  },
  {
    scenario: 'a resource policy over 20,480 characters',
    code: 'policy-too-large',
    document: bigResourcePolicy(200),
    options: atRuntime,
    path: '',
    severity: 'error',
  },
  {
    scenario: 'a resource policy of 101 statements, under 20,480 characters',
    code: 'policy-too-large',
    document: manyStatements(101),
    options: atRuntime,
    path: '/Statement',
    severity: 'error',
  },
  {
    scenario: 'a pretty-printed JSON string over the limit (whitespace is sent too)',
    code: 'policy-too-large',
    document: JSON.stringify(bigResourcePolicy(80), null, 2),
    options: atRuntime,
    path: '',
  },
  {
    scenario: 'a resource policy of 81 statements (near the 100-statement cap)',
    code: 'policy-near-limit',
    document: manyStatements(81),
    options: atRuntime,
    path: '/Statement',
    severity: 'warning',
  },
  {
    scenario: 'a resource policy over 16,384 characters (80 % of the 20,480 cap)',
    code: 'policy-near-limit',
    document: JSON.stringify(bigResourcePolicy(60), null, 2),
    options: atRuntime,
    path: '',
    severity: 'warning',
  },
  {
    scenario: 'no Version',
    code: 'missing-version',
    document: resource({}, { Version: undefined }),
    options: atRuntime,
    path: '',
    severity: 'warning',
  },
  {
    scenario: 'Version 2008-10-17',
    code: 'missing-version',
    document: resource({}, { Version: '2008-10-17' }),
    options: atRuntime,
    path: '/Version',
  },
  {
    scenario: 'a misspelled operator',
    code: 'unknown-condition-operator',
    document: resource({ Condition: { StringEqualz: { 'aws:PrincipalAccount': '222222222222' } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/StringEqualz',
    severity: 'error',
  },
  {
    scenario: 'NullIfExists, which the grammar forbids',
    code: 'unknown-condition-operator',
    document: resource({ Condition: { NullIfExists: { 'aws:PrincipalAccount': 'false' } } }),
    options: atRuntime,
    severity: 'error',
  },
  {
    scenario: 'an unknown set operator, ~ and / escaped',
    code: 'unknown-condition-operator',
    document: resource({ Condition: { 'ForSomeValues:String~Like/x': { 'aws:PrincipalAccount': '2' } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/ForSomeValues:String~0Like~1x',
  },
  {
    scenario: 'an operator in the wrong case',
    code: 'unknown-condition-operator',
    document: resource({ Condition: { stringequals: { 'aws:PrincipalAccount': '222222222222' } } }),
    options: atRuntime,
    severity: 'warning',
  },
  {
    scenario: 'Effect "allow" in lower case',
    code: 'invalid-policy',
    document: resource({ Effect: 'allow' }),
    options: atRuntime,
    path: '/Statement/0/Effect',
    severity: 'error',
  },
  {
    scenario: 'no Effect',
    code: 'invalid-policy',
    document: resource({ Effect: undefined }),
    options: atRuntime,
    path: '/Statement/0',
  },
  {
    scenario: 'Action a number',
    code: 'invalid-policy',
    document: resource({ Action: 42 }),
    options: atRuntime,
    path: '/Statement/0/Action',
  },
  {
    scenario: 'Action list holding null',
    code: 'invalid-policy',
    document: resource({ Action: [INVOKE, null] }),
    options: atRuntime,
    path: '/Statement/0/Action/1',
  },
  {
    scenario: 'an action without service prefix',
    code: 'invalid-policy',
    document: resource({ Action: 'InvokeAgentRuntime' }),
    options: atRuntime,
    path: '/Statement/0/Action',
  },
  {
    scenario: 'both Action and NotAction',
    code: 'invalid-policy',
    document: resource({ NotAction: 's3:*' }),
    options: atRuntime,
    path: '/Statement/0',
  },
  {
    scenario: 'Principal in an identity policy',
    code: 'invalid-policy',
    document: identity({ Principal: { AWS: CALLER_ROLE } }),
    options: asIdentity,
    path: '/Statement/0/Principal',
  },
  {
    scenario: 'no Principal in a resource policy',
    code: 'invalid-policy',
    document: resource({ Principal: undefined }),
    options: atRuntime,
    path: '/Statement/0',
  },
  {
    scenario: 'no Resource in an identity policy',
    code: 'invalid-policy',
    document: identity({ Resource: undefined }),
    options: asIdentity,
    path: '/Statement/0',
  },
  {
    scenario: 'Resource in a trust policy',
    code: 'invalid-policy',
    document: trust({ Resource: RUNTIME }),
    options: asTrust,
    path: '/Statement/0/Resource',
  },
  {
    scenario: 'empty Statement array',
    code: 'invalid-policy',
    document: { Version: '2012-10-17', Statement: [] },
    options: atRuntime,
    path: '/Statement',
  },
  {
    scenario: 'a statement that is a string',
    code: 'invalid-policy',
    document: { Version: '2012-10-17', Statement: ['Allow everything'] },
    options: atRuntime,
    path: '/Statement/0',
  },
  {
    scenario: 'no Statement at all',
    code: 'invalid-policy',
    document: { Version: '2012-10-17' },
    options: atRuntime,
    path: '/Statement',
    pointsToMissing: true,
  },
  {
    scenario: 'an unknown statement element',
    code: 'invalid-policy',
    document: resource({ Actions: INVOKE }),
    options: atRuntime,
    path: '/Statement/0/Actions',
  },
  {
    scenario: 'an unknown document element',
    code: 'invalid-policy',
    document: resource({}, { Statements: [] }),
    options: atRuntime,
    path: '/Statements',
  },
  {
    scenario: 'an unknown Version',
    code: 'invalid-policy',
    document: resource({}, { Version: '2024-01-01' }),
    options: atRuntime,
    path: '/Version',
  },
  {
    scenario: 'a condition value that is an object',
    code: 'invalid-policy',
    document: resource({ Condition: { StringEquals: { 'aws:PrincipalAccount': { a: 1 } } } }),
    options: atRuntime,
    path: '/Statement/0/Condition/StringEquals/aws:PrincipalAccount',
  },
  {
    scenario: 'a wildcard inside a principal ARN',
    code: 'invalid-policy',
    document: resource({ Principal: { AWS: 'arn:aws:iam::*:root' } }),
    options: atRuntime,
    path: '/Statement/0/Principal/AWS',
  },
  {
    scenario: 'an unknown principal type',
    code: 'invalid-policy',
    document: resource({ Principal: { Aws: CALLER_ROLE } }),
    options: atRuntime,
    path: '/Statement/0/Principal/Aws',
  },
  {
    scenario: 'a JSON string that does not parse',
    code: 'invalid-policy',
    document: '{"Statement": [',
    options: atRuntime,
    path: '',
  },
  { scenario: 'a JSON array', code: 'invalid-policy', document: [], options: atRuntime, path: '' },
];
// The row above named "Deny unless…" needs a Deny statement: build it here to keep the table flat.
triggers[8] = {
  scenario: 'Deny unless aws:SourceAccount matches: denies every direct call',
  code: 'source-account-condition',
  document: resource({
    Effect: 'Deny',
    Condition: { StringNotEquals: { 'aws:SourceAccount': '222222222222' } },
  }),
  options: atRuntime,
  path: '/Statement/0/Condition/StringNotEquals/aws:SourceAccount',
  severity: 'error',
};

/** Documents close to a trigger that must not yield `code`. */
const clean: Row[] = [
  {
    scenario: 'Resource is exactly the runtime ARN',
    code: 'resource-wildcard',
    document: resource(),
    options: atRuntime,
  },
  {
    scenario: 'Resource "*" in an identity policy',
    code: 'resource-wildcard',
    document: identity({ Resource: '*' }),
    options: asIdentity,
  },
  {
    scenario: 'Resource is the ARN the policy is attached to',
    code: 'resource-mismatch',
    document: resource({ Resource: [RUNTIME] }),
    options: atRuntime,
  },
  {
    scenario: 'the endpoint policy names the endpoint',
    code: 'resource-mismatch',
    document: resource({ Resource: ENDPOINT }),
    options: { kind: 'resource', attachedTo: ENDPOINT },
  },
  {
    scenario: 'aws:PrincipalAccount on an IAM principal',
    code: 'source-account-condition',
    document: resource({ Condition: { StringEquals: { 'aws:PrincipalAccount': '222222222222' } } }),
    options: atRuntime,
  },
  {
    scenario: 'aws:SourceArn on the AgentCore service principal (memory delivery role)',
    code: 'source-account-condition',
    document: trust({
      Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/*' },
        StringEquals: { 'aws:SourceAccount': OWNER },
      },
    }),
    options: asTrust,
  },
  {
    scenario: 'aws:SourceAccount with IfExists',
    code: 'source-account-condition',
    document: resource({ Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '222222222222' } } }),
    options: atRuntime,
  },
  {
    scenario: 'the corrected identity policy of the seed',
    code: 'identity-wrong-account',
    document: identity({
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*/runtime-endpoint/*',
      ],
    }),
    options: asIdentity,
  },
  {
    scenario: 'the caller account named, but no owner given',
    code: 'identity-wrong-account',
    document: identity({ Resource: 'arn:aws:bedrock-agentcore:eu-west-1:222222222222:runtime/*' }),
    options: { kind: 'identity' },
  },
  {
    scenario: 'the corrected seed policy with no owner given',
    code: 'identity-wrong-account',
    document: identity({
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*/runtime-endpoint/*',
      ],
    }),
    options: { kind: 'identity' },
  },
  {
    scenario: 'an endpoint sub-path with a wildcard account and no owner given',
    code: 'identity-wrong-account',
    document: identity({
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        'arn:aws:bedrock-agentcore:eu-west-1:*:runtime/*/runtime-endpoint/*',
      ],
    }),
    options: { kind: 'identity' },
  },
  {
    scenario: 'another service in another account',
    code: 'identity-wrong-account',
    document: identity({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }),
    options: asIdentity,
  },
  {
    scenario: 'runtime and endpoint ARNs listed',
    code: 'identity-missing-endpoint',
    document: identity(),
    options: asIdentity,
  },
  {
    scenario: 'runtime/* covers the endpoint sub-path too',
    code: 'identity-missing-endpoint',
    document: identity({ Resource: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*' }),
    options: asIdentity,
  },
  {
    scenario: 'endpoint granted in a second statement',
    code: 'identity-missing-endpoint',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: INVOKE, Resource: RUNTIME },
        {
          Effect: 'Allow',
          Action: 'bedrock-agentcore:Invoke*',
          Resource: `${RUNTIME}/runtime-endpoint/prod`,
        },
      ],
    },
    options: asIdentity,
  },
  {
    scenario: 'ForUser with InvokeAgentRuntime',
    code: 'identity-missing-action',
    document: identity({ Action: [INVOKE, FOR_USER] }),
    options: asIdentity,
  },
  {
    scenario: 'ForUser via InvokeAgentRuntime*',
    code: 'identity-missing-action',
    document: identity({ Action: 'bedrock-agentcore:InvokeAgentRuntime*' }),
    options: asIdentity,
  },
  {
    scenario: 'resource policy with both invoke actions',
    code: 'action-not-allowed',
    document: resource({ Action: [INVOKE, FOR_USER] }),
    options: atRuntime,
  },
  { scenario: 'a role principal', code: 'broad-principal', document: resource(), options: atRuntime },
  {
    scenario: '* narrowed to one role by aws:PrincipalArn',
    code: 'broad-principal',
    document: resource({ Principal: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': CALLER_ROLE } } }),
    options: atRuntime,
  },
  {
    scenario: '* narrowed to an organization',
    code: 'wildcard-principal',
    document: resource({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    options: atRuntime,
  },
  {
    scenario: 'Deny for everyone',
    code: 'wildcard-principal',
    document: resource({ Effect: 'Deny', Principal: '*' }),
    options: atRuntime,
  },
  {
    scenario: 'reads only',
    code: 'mixed-read-write',
    document: memoryPolicy(['bedrock-agentcore:GetEvent', 'bedrock-agentcore:RetrieveMemoryRecords']),
    options: atMemory,
  },
  {
    scenario: 'reads and writes in separate statements',
    code: 'mixed-read-write',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'R',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE },
          Action: 'bedrock-agentcore:List*',
          Resource: MEMORY,
        },
        {
          Sid: 'W',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE },
          Action: 'bedrock-agentcore:CreateEvent',
          Resource: MEMORY,
        },
      ],
    },
    options: atMemory,
  },
  {
    scenario: 'bedrock-agentcore:* on a runtime only',
    code: 'mixed-read-write',
    document: identity({ Action: 'bedrock-agentcore:*' }),
    options: asIdentity,
  },
  {
    scenario: 'known actions, a matching pattern, a case difference and another service',
    code: 'unknown-action',
    document: resource({
      Action: ['bedrock-agentcore:invokeagentruntime', 'bedrock-agentcore:Invoke*', 's3:MadeUpAction', '*'],
    }),
    options: atRuntime,
  },
  {
    scenario: 'actorId on CreateEvent',
    code: 'condition-key-not-applicable',
    document: identity({
      Action: 'bedrock-agentcore:CreateEvent',
      Resource: MEMORY,
      Condition: { StringEquals: { 'bedrock-agentcore:actorId': 'a' } },
    }),
    options: asIdentity,
  },
  {
    scenario: 'actorId with NotAction',
    code: 'condition-key-not-applicable',
    document: identity({
      Action: undefined,
      NotAction: 'bedrock-agentcore:DeleteMemory',
      Resource: MEMORY,
      Condition: { StringEquals: { 'bedrock-agentcore:actorId': 'a' } },
    }),
    options: asIdentity,
  },
  {
    scenario: 'distinct Sids',
    code: 'duplicate-sid',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: RUNTIME },
        { Sid: 'B', Effect: 'Allow', Principal: { AWS: CALLER_ROLE }, Action: INVOKE, Resource: RUNTIME },
      ],
    },
    options: atRuntime,
  },
  { scenario: 'the seed policy', code: 'policy-too-large', document: resource(), options: atRuntime },
  {
    scenario: 'exactly 100 statements, the most a resource policy holds',
    code: 'policy-too-large',
    document: manyStatements(100),
    options: atRuntime,
  },
  {
    scenario: 'a large identity policy (the limit is the resource policy one)',
    code: 'policy-too-large',
    document: bigResourcePolicy(200),
    options: { kind: 'trust' },
  },
  {
    scenario: 'the same document as an object, sent as compact JSON',
    code: 'policy-too-large',
    document: bigResourcePolicy(80),
    options: atRuntime,
  },
  { scenario: '80 statements', code: 'policy-near-limit', document: manyStatements(80), options: atRuntime },
  {
    scenario: '16,384 characters',
    code: 'policy-near-limit',
    document: `${JSON.stringify(bigResourcePolicy(55))}${' '.repeat(16_384 - JSON.stringify(bigResourcePolicy(55)).length)}`,
    options: atRuntime,
  },
  {
    scenario: 'past the caps (policy-too-large says so instead)',
    code: 'policy-near-limit',
    document: bigResourcePolicy(200),
    options: atRuntime,
  },
  {
    scenario: 'a near-cap identity policy (the caps are the resource policy ones)',
    code: 'policy-near-limit',
    document: bigResourcePolicy(90),
    options: { kind: 'identity' },
  },
  { scenario: 'Version 2012-10-17', code: 'missing-version', document: resource(), options: atRuntime },
  {
    scenario: 'set operator and IfExists',
    code: 'unknown-condition-operator',
    document: resource({
      Condition: {
        'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalTag/team': 'a*' },
        Null: { 'aws:PrincipalAccount': 'false' },
      },
    }),
    options: atRuntime,
  },
  { scenario: 'the seed resource policy', code: 'invalid-policy', document: resource(), options: atRuntime },
  {
    scenario: 'a single statement object, not an array',
    code: 'invalid-policy',
    document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: INVOKE, Resource: RUNTIME } },
    options: asIdentity,
  },
  {
    scenario: 'a JSON string of a valid policy',
    code: 'invalid-policy',
    document: JSON.stringify(resource()),
    options: atRuntime,
  },
  {
    scenario: 'a trust policy with sts:AssumeRole and no Resource',
    code: 'invalid-policy',
    document: trust({ Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }),
    options: asTrust,
  },
];

describe('lintPolicy: each code is found where it applies', () => {
  test.each(triggers)('$code: $scenario', ({ code, document, options, path, severity }) => {
    const findings = lintPolicy(document, options);
    const hit = findings.find((f) => f.code === code && (path === undefined || f.path === path));
    expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
    if (severity !== undefined) expect(hit?.severity).toBe(severity);
    expect(hit?.message.length).toBeGreaterThan(10);
    expect(hit?.fix?.length).toBeGreaterThan(10);
  });
});

describe('lintPolicy: and not where it does not', () => {
  test.each(clean)('no $code: $scenario', ({ code, document, options }) => {
    const findings = lintPolicy(document, options);
    expect(findings.filter((f) => f.code === code)).toEqual([]);
  });
});

describe('findings point into the document', () => {
  test.each(triggers.filter((r) => typeof r.document !== 'string' && r.pointsToMissing !== true))(
    '$scenario',
    ({ document, options }) => {
      const plain = JSON.parse(JSON.stringify(document)) as unknown;
      for (const finding of lintPolicy(document, options)) {
        expect(resolvePointer(plain, finding.path), `${finding.code} at ${finding.path}`).not.toBeUndefined();
      }
    },
  );
});

test('the seed resource policy lints to the root-principal warning only', () => {
  const findings = lintPolicy(
    resource({ Principal: { AWS: ['arn:aws:iam::222222222222:root', CALLER_ROLE] } }),
    atRuntime,
  );
  expect(findings.map((f) => `${f.code}@${f.path}`)).toEqual([
    'broad-principal@/Statement/0/Principal/AWS/0',
  ]);
});

test('a misspelled action suggests the closest one', () => {
  const [finding] = lintPolicy(resource({ Action: 'bedrock-agentcore:InvokeAgentRuntim' }), atRuntime);
  expect(finding?.fix).toContain('bedrock-agentcore:InvokeAgentRuntime');
});

test('a condition key that no action supports says so', () => {
  const findings = lintPolicy(
    resource({ Condition: { StringEquals: { 'bedrock-agentcore:nothing': 'x' } } }),
    atRuntime,
  );
  expect(findings.find((f) => f.code === 'condition-key-not-applicable')?.fix).toContain(
    'not a condition key',
  );
});

test('bad options are a ValidationError, not a finding', () => {
  expect(() => lintPolicy(resource(), { kind: 'resources' as 'resource' })).toThrow(/kind/);
  expect(() => lintPolicy(identity(), { kind: 'identity', ownerAccountId: '1111' })).toThrow(
    /ownerAccountId/,
  );
});
