/**
 * The builders of issue 17: gateway and harness resource policies, runtime action presets, and
 * the identity policies that name gateways and harnesses; with the refusals every builder shares.
 */
import { describe, expect, it } from 'vitest';
import { isInvalidArnError, isPolicyBuildError } from '../../../../src/errors.js';
import { RUNTIME_ACTION_PRESETS } from '../../../../src/policy/actions.js';
import {
  callerIdentityPolicy,
  gatewayAccessPolicy,
  harnessAccessPolicies,
  invokerRolePolicy,
  runtimeAccessPolicies,
} from '../../../../src/policy/build/index.js';
import { explainAccess } from '../../../../src/policy/evaluate/index.js';
import type { Statement } from '../../../../src/policy/types.js';
import {
  CALLER_ROLE_ARN,
  GATEWAY_ARN,
  HARNESS_ARN,
  HARNESS_ENDPOINT_ARN,
  RUNTIME_ARN,
} from '../../../fixtures/arns.js';
import { thrown } from './thrown.js';

const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1';
const statementOf = (document: { Statement: Statement | readonly Statement[] }): Statement =>
  (Array.isArray(document.Statement) ? document.Statement[0] : document.Statement) as Statement;

describe('gatewayAccessPolicy', () => {
  it('grants InvokeGateway on exactly the gateway ARN', () => {
    const policy = gatewayAccessPolicy({ gatewayArn: GATEWAY_ARN, principals: [CALLER_ROLE_ARN] });
    expect(policy).toEqual({
      resourceArn: GATEWAY_ARN,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCrossAccountGatewayInvoke',
            Effect: 'Allow',
            Principal: { AWS: CALLER_ROLE_ARN },
            Action: 'bedrock-agentcore:InvokeGateway',
            Resource: GATEWAY_ARN,
          },
        ],
      },
    });
  });

  it('with callerIdentityPolicy({ gatewayArns }), allows the cross-account call in explainAccess', () => {
    const policy = gatewayAccessPolicy({ gatewayArn: GATEWAY_ARN, principals: ['222222222222'] });
    const identity = callerIdentityPolicy({ gatewayArns: [GATEWAY_ARN] });
    const explanation = explainAccess(
      { principalArn: SESSION, action: 'InvokeGateway', resourceArn: GATEWAY_ARN },
      { identity: [identity], resource: { [policy.resourceArn]: policy.document } },
    );
    expect(explanation.decision).toBe('allow');
  });

  it('limits a "*" principal to the organization', () => {
    const policy = gatewayAccessPolicy({
      gatewayArn: GATEWAY_ARN,
      principals: ['*'],
      principalOrgId: 'o-a1b2c3d4e5',
    });
    expect(statementOf(policy.document).Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
  });
});

describe('harnessAccessPolicies', () => {
  it('emits the harness and every endpoint, identical but for Resource, with both actions', () => {
    const { harness, endpoints } = harnessAccessPolicies({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT', 'prod', 'DEFAULT'],
    });
    expect([harness.resourceArn, ...endpoints.map((e) => e.resourceArn)]).toEqual([
      HARNESS_ARN,
      HARNESS_ENDPOINT_ARN,
      `${HARNESS_ARN}/harness-endpoint/prod`,
    ]);
    for (const policy of [harness, ...endpoints]) {
      const { Resource, ...rest } = statementOf(policy.document);
      expect(Resource).toBe(policy.resourceArn);
      expect(rest).toEqual({
        Sid: 'AllowCrossAccountHarnessInvoke',
        Effect: 'Allow',
        Principal: { AWS: CALLER_ROLE_ARN },
        Action: ['bedrock-agentcore:InvokeHarness', 'bedrock-agentcore:InvokeAgentRuntime'],
      });
    }
  });

  it('with callerIdentityPolicy({ harnessArns }), allows InvokeHarness on any endpoint granted', () => {
    const { harness, endpoints } = harnessAccessPolicies({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['prod'],
    });
    const identity = callerIdentityPolicy({ harnessArns: [HARNESS_ARN], harnessQualifiers: ['*'] });
    const resource = Object.fromEntries([harness, ...endpoints].map((p) => [p.resourceArn, p.document]));
    const ask = (qualifier: string) =>
      explainAccess(
        { principalArn: SESSION, action: 'InvokeHarness', resourceArn: HARNESS_ARN, qualifier },
        { identity: [identity], resource },
      ).decision;
    expect(ask('prod')).toBe('allow');
    expect(ask('DEFAULT')).toBe('implicit-deny');
  });
});

describe('runtime action presets', () => {
  it.each(Object.entries(RUNTIME_ACTION_PRESETS))(
    'grants the %s preset on the runtime and every endpoint',
    (preset, actions) => {
      const { runtime, endpoints } = runtimeAccessPolicies({
        runtimeArn: RUNTIME_ARN,
        principals: [CALLER_ROLE_ARN],
        actions: preset as 'invoke',
      });
      for (const policy of [runtime, ...endpoints])
        expect(statementOf(policy.document).Action).toEqual(actions);
      const identity = callerIdentityPolicy({
        runtimeArns: [RUNTIME_ARN],
        runtimeActions: preset as 'invoke',
      });
      expect(statementOf(identity).Action).toEqual(actions);
      for (const action of actions) {
        const decision = explainAccess(
          { principalArn: SESSION, action, resourceArn: RUNTIME_ARN },
          {
            identity: [identity],
            resource: Object.fromEntries([runtime, ...endpoints].map((p) => [p.resourceArn, p.document])),
          },
        ).decision;
        expect(decision).toBe('allow');
      }
    },
  );

  it("defaults to 'invoke', the grant of earlier versions", () => {
    const { runtime } = runtimeAccessPolicies({ runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN] });
    expect(statementOf(runtime.document).Action).toEqual(RUNTIME_ACTION_PRESETS.invoke);
  });
});

describe('callerIdentityPolicy and invokerRolePolicy with gateways and harnesses', () => {
  it('grants the harness with its endpoint sub-paths and the gateway, each in its own statement', () => {
    const document = callerIdentityPolicy({
      runtimeArns: [RUNTIME_ARN],
      harnessArns: [HARNESS_ARN, 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/*'],
      harnessQualifiers: ['DEFAULT', 'prod'],
      gatewayArns: [GATEWAY_ARN],
    });
    expect(document.Statement).toEqual([
      expect.objectContaining({ Sid: 'InvokeCrossAccountRuntime' }),
      {
        Sid: 'InvokeCrossAccountHarness',
        Effect: 'Allow',
        Action: ['bedrock-agentcore:InvokeHarness', 'bedrock-agentcore:InvokeAgentRuntime'],
        Resource: [
          HARNESS_ARN,
          HARNESS_ENDPOINT_ARN,
          `${HARNESS_ARN}/harness-endpoint/prod`,
          'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/*',
          'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/*/harness-endpoint/DEFAULT',
          'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/*/harness-endpoint/prod',
        ],
      },
      {
        Sid: 'InvokeCrossAccountGateway',
        Effect: 'Allow',
        Action: 'bedrock-agentcore:InvokeGateway',
        Resource: GATEWAY_ARN,
      },
    ]);
  });

  it('lets the invoker role of pattern 2 name only a gateway or a harness', () => {
    expect(invokerRolePolicy({ gatewayArns: [GATEWAY_ARN] }).Statement).toHaveLength(1);
    expect(invokerRolePolicy({ harnessArns: [HARNESS_ARN] }).Statement).toEqual([
      expect.objectContaining({ Sid: 'InvokeCrossAccountHarness' }),
    ]);
    // A preset without runtimes would grant nothing: refused, as every orphan option is.
    expect(() => invokerRolePolicy({ harnessArns: [HARNESS_ARN], runtimeActions: 'all' })).toThrow(
      /runtimeActions/,
    );
  });
});

describe('refusals of the issue 17 builders', () => {
  it.each([
    [
      'a wildcard gateway ARN',
      () =>
        gatewayAccessPolicy({ gatewayArn: `${GATEWAY_ARN.slice(0, -3)}*`, principals: [CALLER_ROLE_ARN] }),
      'gatewayArn',
      'resource-wildcard',
    ],
    [
      'a "*" gateway principal without principalOrgId',
      () => gatewayAccessPolicy({ gatewayArn: GATEWAY_ARN, principals: ['*'] }),
      'principals[0]',
      'broad-principal',
    ],
    [
      'aws:SourceAccount on a gateway grant',
      () =>
        gatewayAccessPolicy({
          gatewayArn: GATEWAY_ARN,
          principals: [CALLER_ROLE_ARN],
          condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
        }),
      'condition.StringEquals.aws:SourceAccount',
      'source-account-condition',
    ],
    [
      'a runtime action granted on a gateway',
      () =>
        gatewayAccessPolicy({
          gatewayArn: GATEWAY_ARN,
          principals: [CALLER_ROLE_ARN],
          actions: ['InvokeAgentRuntime'],
        }),
      'actions[0]',
      undefined,
    ],
    [
      'a wildcard harness ARN',
      () =>
        harnessAccessPolicies({
          harnessArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/*',
          principals: [CALLER_ROLE_ARN],
        }),
      'harnessArn',
      'resource-wildcard',
    ],
    [
      'a wildcard harness qualifier',
      () =>
        harnessAccessPolicies({ harnessArn: HARNESS_ARN, principals: [CALLER_ROLE_ARN], qualifiers: ['*'] }),
      'qualifiers[0]',
      'resource-wildcard',
    ],
    [
      'empty harness qualifiers',
      () => harnessAccessPolicies({ harnessArn: HARNESS_ARN, principals: [CALLER_ROLE_ARN], qualifiers: [] }),
      'qualifiers',
      undefined,
    ],
    [
      'empty harness principals',
      () => harnessAccessPolicies({ harnessArn: HARNESS_ARN, principals: [] }),
      'principals',
      undefined,
    ],
    [
      'aws:SourceArn on a harness grant',
      () =>
        harnessAccessPolicies({
          harnessArn: HARNESS_ARN,
          principals: [CALLER_ROLE_ARN],
          condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::222222222222:role/*' } },
        }),
      'condition.ArnLike.aws:SourceArn',
      'source-account-condition',
    ],
    [
      'an unknown runtime preset',
      () =>
        runtimeAccessPolicies({
          runtimeArn: RUNTIME_ARN,
          principals: [CALLER_ROLE_ARN],
          actions: 'everything' as never,
        }),
      'actions',
      undefined,
    ],
    [
      'an unknown identity preset',
      () => callerIdentityPolicy({ runtimeArns: [RUNTIME_ARN], runtimeActions: 'shell' as never }),
      'runtimeActions',
      undefined,
    ],
    [
      'a wildcard account in a harness ARN of an identity policy',
      () => callerIdentityPolicy({ harnessArns: ['arn:aws:bedrock-agentcore:eu-west-1:*:harness/*'] }),
      'harnessArns[0]',
      'identity-wrong-account',
    ],
    [
      'harnessQualifiers without harnessArns',
      () => callerIdentityPolicy({ runtimeArns: [RUNTIME_ARN], harnessQualifiers: ['prod'] }),
      'harnessQualifiers',
      undefined,
    ],
    [
      'gatewayActions without gatewayArns',
      () => callerIdentityPolicy({ runtimeArns: [RUNTIME_ARN], gatewayActions: ['InvokeGateway'] }),
      'gatewayActions',
      undefined,
    ],
    [
      'an invoker role with nothing to invoke',
      () => invokerRolePolicy({ memoryArns: [] } as never),
      'runtimeArns',
      undefined,
    ],
  ])('PolicyBuildError for %s', (_name, build, field, findingCode) => {
    const error = thrown(build);
    expect(isPolicyBuildError(error)).toBe(true);
    expect(error).toMatchObject({ field, findingCode });
  });

  it.each([
    [
      'an endpoint ARN where the harness ARN belongs',
      () => harnessAccessPolicies({ harnessArn: HARNESS_ENDPOINT_ARN, principals: [CALLER_ROLE_ARN] }),
      'resourceType',
    ],
    [
      'a runtime ARN where the gateway ARN belongs',
      () => gatewayAccessPolicy({ gatewayArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN] }),
      'resourceType',
    ],
    [
      'an invalid harness qualifier',
      () =>
        harnessAccessPolicies({
          harnessArn: HARNESS_ARN,
          principals: [CALLER_ROLE_ARN],
          qualifiers: ['my-prod'],
        }),
      'endpointName',
    ],
    [
      'a malformed gateway ARN in an identity policy',
      () =>
        callerIdentityPolicy({
          gatewayArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/Upper-abcdefghij'],
        }),
      'gatewayId',
    ],
  ])('InvalidArnError for %s', (_name, build, part) => {
    const error = thrown(build);
    expect(isInvalidArnError(error)).toBe(true);
    expect(error).toMatchObject({ part });
  });
});
