/**
 * Lint of gateway and harness policies: the document rules (InvokeHarness without
 * InvokeAgentRuntime, the harness endpoint sub-path, the owner's account) and the set-level
 * checks of lintAccessSetup with `{ gatewayArn }` and `{ harnessArn, qualifiers? }` targets.
 */
import { describe, expect, it } from 'vitest';
import {
  callerIdentityPolicy,
  gatewayAccessPolicy,
  harnessAccessPolicies,
} from '../../../../src/policy/build/index.js';
import { type LintAccessSetupInput, lintAccessSetup, lintPolicy } from '../../../../src/policy/lint/index.js';
import type { PolicyDocument } from '../../../../src/policy/types.js';
import { CALLER_ROLE_ARN, GATEWAY_ARN, HARNESS_ARN, HARNESS_ENDPOINT_ARN } from '../../../fixtures/arns.js';
import { allow } from './helpers.js';

const INVOKE_HARNESS = 'bedrock-agentcore:InvokeHarness';
const INVOKE_RUNTIME = 'bedrock-agentcore:InvokeAgentRuntime';
const INVOKE_GATEWAY = 'bedrock-agentcore:InvokeGateway';
const HARNESS_PROD = `${HARNESS_ARN}/harness-endpoint/prod`;

const codes = (findings: ReadonlyArray<{ code: string; severity: string }>) =>
  findings.filter((f) => f.severity === 'error').map((f) => f.code);

describe('lintPolicy on gateway and harness policies', () => {
  it('passes what the builders emit', () => {
    const gateway = gatewayAccessPolicy({ gatewayArn: GATEWAY_ARN, principals: [CALLER_ROLE_ARN] });
    expect(lintPolicy(gateway.document, { kind: 'resource', attachedTo: GATEWAY_ARN })).toEqual([]);
    const { harness, endpoints } = harnessAccessPolicies({
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
    });
    for (const policy of [harness, ...endpoints]) {
      expect(lintPolicy(policy.document, { kind: 'resource', attachedTo: policy.resourceArn })).toEqual([]);
    }
    const identity = callerIdentityPolicy({ harnessArns: [HARNESS_ARN], gatewayArns: [GATEWAY_ARN] });
    expect(lintPolicy(identity, { kind: 'identity', ownerAccountId: '111111111111' })).toEqual([]);
  });

  it.each([
    ['a harness resource policy', allow(INVOKE_HARNESS, HARNESS_ARN, CALLER_ROLE_ARN), 'resource' as const],
    [
      'an identity policy',
      allow(INVOKE_HARNESS, [HARNESS_ARN, `${HARNESS_ARN}/harness-endpoint/*`]),
      'identity' as const,
    ],
  ])('reports InvokeHarness without InvokeAgentRuntime in %s', (_name, document, kind) => {
    const findings = lintPolicy(document, kind === 'resource' ? { kind, attachedTo: HARNESS_ARN } : { kind });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'harness-missing-invoke-runtime',
        severity: 'error',
        path: '/Statement/0/Action',
      }),
    ]);
    expect(findings[0]?.fix).toContain(INVOKE_RUNTIME);
  });

  it('accepts InvokeAgentRuntime granted in another statement on the same resources', () => {
    const document: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: INVOKE_HARNESS, Resource: `${HARNESS_ARN}*` },
        {
          Effect: 'Allow',
          Action: INVOKE_RUNTIME,
          Resource: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:*',
        },
      ],
    };
    expect(codes(lintPolicy(document, { kind: 'identity' }))).toEqual([]);
  });

  it('reports an identity policy granting the harness but no endpoint sub-path', () => {
    const findings = lintPolicy(allow([INVOKE_HARNESS, INVOKE_RUNTIME], HARNESS_ARN), { kind: 'identity' });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'identity-missing-endpoint', path: '/Statement/0/Resource' }),
    ]);
    expect(findings[0]?.fix).toContain(`${HARNESS_ARN}/harness-endpoint/*`);
  });

  it("reports a harness endpoint sub-path in another account than the harness's (gotcha 4 again)", () => {
    const wrong = HARNESS_ENDPOINT_ARN.replace('111111111111', '222222222222');
    const findings = lintPolicy(allow([INVOKE_HARNESS, INVOKE_RUNTIME], [HARNESS_ARN, wrong]), {
      kind: 'identity',
    });
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'identity-wrong-account', path: '/Statement/0/Resource/1' }),
    );
  });

  it('reports a gateway in another account than the owner given', () => {
    const elsewhere = GATEWAY_ARN.replace('111111111111', '333333333333');
    const findings = lintPolicy(allow(INVOKE_GATEWAY, elsewhere), {
      kind: 'identity',
      ownerAccountId: '111111111111',
    });
    expect(codes(findings)).toEqual(['identity-wrong-account']);
  });

  it("warns of a runtime action in a gateway's policy (copied from a runtime's): it grants nothing there", () => {
    const findings = lintPolicy(
      allow(['bedrock-agentcore:InvokeAgentRuntime', INVOKE_GATEWAY], GATEWAY_ARN, CALLER_ROLE_ARN),
      {
        kind: 'resource',
        attachedTo: GATEWAY_ARN,
      },
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'action-not-applicable',
        severity: 'warning',
        path: '/Statement/0/Action/0',
      }),
    ]);
    // InvokeAgentRuntime belongs in a harness's policy: AWS checks it there with InvokeHarness.
    expect(
      lintPolicy(allow([INVOKE_HARNESS, INVOKE_RUNTIME], HARNESS_ARN, CALLER_ROLE_ARN), {
        kind: 'resource',
        attachedTo: HARNESS_ARN,
      }),
    ).toEqual([]);
  });

  it('reports a wildcard Resource or a mismatched one on a gateway policy', () => {
    expect(
      codes(
        lintPolicy(allow(INVOKE_GATEWAY, '*', CALLER_ROLE_ARN), {
          kind: 'resource',
          attachedTo: GATEWAY_ARN,
        }),
      ),
    ).toContain('resource-wildcard');
    expect(
      codes(
        lintPolicy(allow(INVOKE_GATEWAY, HARNESS_ARN, CALLER_ROLE_ARN), {
          kind: 'resource',
          attachedTo: GATEWAY_ARN,
        }),
      ),
    ).toContain('resource-mismatch');
  });
});

/** Everything right: the gateway, the harness and its DEFAULT and prod endpoints, the caller. */
function good(): LintAccessSetupInput {
  const { harness, endpoints } = harnessAccessPolicies({
    harnessArn: HARNESS_ARN,
    principals: [CALLER_ROLE_ARN],
    qualifiers: ['DEFAULT', 'prod'],
  });
  const gateway = gatewayAccessPolicy({ gatewayArn: GATEWAY_ARN, principals: [CALLER_ROLE_ARN] });
  return {
    targets: [{ gatewayArn: GATEWAY_ARN }, { harnessArn: HARNESS_ARN, qualifiers: ['DEFAULT', 'prod'] }],
    resourcePolicies: Object.fromEntries(
      [gateway, harness, ...endpoints].map((p) => [p.resourceArn, p.document]),
    ),
    identityPolicies: [
      callerIdentityPolicy({
        gatewayArns: [GATEWAY_ARN],
        harnessArns: [HARNESS_ARN],
        harnessQualifiers: ['*'],
      }),
    ],
    callerArn: CALLER_ROLE_ARN,
  };
}

describe('lintAccessSetup with gateway and harness targets', () => {
  it('finds nothing in a correct setup', () => {
    expect(lintAccessSetup(good())).toEqual([]);
  });

  it.each([
    [
      'no gateway policy',
      (i: LintAccessSetupInput) => ({
        ...i,
        resourcePolicies: { ...i.resourcePolicies, [GATEWAY_ARN]: undefined },
      }),
      'gateway-policy-missing',
      GATEWAY_ARN,
    ],
    [
      'no harness policy',
      (i: LintAccessSetupInput) => ({
        ...i,
        resourcePolicies: { ...i.resourcePolicies, [HARNESS_ARN]: undefined },
      }),
      'harness-policy-missing',
      HARNESS_ARN,
    ],
    [
      'no policy on the prod endpoint',
      (i: LintAccessSetupInput) => ({
        ...i,
        resourcePolicies: { ...i.resourcePolicies, [HARNESS_PROD]: undefined },
      }),
      'harness-endpoint-policy-missing',
      HARNESS_PROD,
    ],
    [
      'a harness endpoint policy granting InvokeHarness alone',
      (i: LintAccessSetupInput) => ({
        ...i,
        resourcePolicies: {
          ...i.resourcePolicies,
          [HARNESS_PROD]: allow(INVOKE_HARNESS, HARNESS_PROD, CALLER_ROLE_ARN),
        },
      }),
      'harness-missing-invoke-runtime',
      HARNESS_PROD,
    ],
    [
      'a gateway policy naming someone else',
      (i: LintAccessSetupInput) => ({
        ...i,
        resourcePolicies: {
          ...i.resourcePolicies,
          [GATEWAY_ARN]: allow(INVOKE_GATEWAY, GATEWAY_ARN, 'arn:aws:iam::333333333333:role/x'),
        },
      }),
      'principal-not-allowed',
      GATEWAY_ARN,
    ],
    [
      'an identity policy without InvokeGateway',
      (i: LintAccessSetupInput) => ({
        ...i,
        identityPolicies: [callerIdentityPolicy({ harnessArns: [HARNESS_ARN], harnessQualifiers: ['*'] })],
      }),
      'identity-missing-action',
      'identity',
    ],
    [
      'an identity policy covering the DEFAULT harness endpoint but not prod',
      (i: LintAccessSetupInput) => ({
        ...i,
        identityPolicies: [callerIdentityPolicy({ gatewayArns: [GATEWAY_ARN], harnessArns: [HARNESS_ARN] })],
      }),
      'identity-missing-endpoint',
      'identity[0]',
    ],
  ])('reports %s', (_name, change, code, policyArn) => {
    const findings = lintAccessSetup(change(good()));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ code, policyArn }),
    ]);
  });

  it('reports one finding, not two, for a harness grant without InvokeAgentRuntime naming the caller', () => {
    const input = good();
    const findings = lintAccessSetup({
      ...input,
      resourcePolicies: {
        ...input.resourcePolicies,
        [HARNESS_ARN]: allow(INVOKE_HARNESS, HARNESS_ARN, CALLER_ROLE_ARN),
      },
    });
    expect(findings.map((f) => [f.code, f.policyArn, f.path])).toEqual([
      ['harness-missing-invoke-runtime', HARNESS_ARN, '/Statement/0/Action'],
    ]);
  });

  it('accepts a harness endpoint ARN as the target and refuses a gateway ARN given as a harness', () => {
    const input = good();
    expect(lintAccessSetup({ ...input, targets: [{ harnessArn: HARNESS_PROD }] })).toEqual([]);
    expect(() => lintAccessSetup({ ...input, targets: [{ harnessArn: GATEWAY_ARN }] })).toThrow(
      /targets\[0\]\.harnessArn/,
    );
  });
});
