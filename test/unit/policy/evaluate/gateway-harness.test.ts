/**
 * explainAccess beyond runtimes and memory: gateways (one ARN), harnesses (the harness and its
 * endpoint, InvokeHarness with InvokeAgentRuntime) and the runtime command and WebSocket actions.
 */
import { describe, expect, it } from 'vitest';
import { type AccessPolicies, explainAccess } from '../../../../src/policy/evaluate/index.js';
import type { PolicyDocument } from '../../../../src/policy/types.js';

const A = '111111111111';
const B = '222222222222';
const ARN = `arn:aws:bedrock-agentcore:eu-west-1:${A}`;
const GATEWAY = `${ARN}:gateway/tools-gateway-abcdefghij`;
const HARNESS = `${ARN}:harness/support_harness-abcdefghij`;
const HARNESS_DEFAULT = `${HARNESS}/harness-endpoint/DEFAULT`;
const HARNESS_PROD = `${HARNESS}/harness-endpoint/prod`;
const RUNTIME = `${ARN}:runtime/agent-abcdefghij`;
const SESSION = `arn:aws:sts::${B}:assumed-role/the-caller-role/s1`;
const ROLE = `arn:aws:iam::${B}:role/the-caller-role`;
const INVOKE_HARNESS = 'bedrock-agentcore:InvokeHarness';
const INVOKE_RUNTIME = 'bedrock-agentcore:InvokeAgentRuntime';

function grant(resource: string, actions: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Grant', Effect: 'Allow', Principal: { AWS: ROLE }, Action: [...actions], Resource: resource },
    ],
  };
}

function identity(actions: readonly string[], resources: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [...actions], Resource: [...resources] }],
  };
}

const BOTH = [INVOKE_HARNESS, INVOKE_RUNTIME];
const harnessPolicies = (over: Partial<AccessPolicies> = {}): AccessPolicies => ({
  identity: [identity(BOTH, [HARNESS, `${HARNESS}/harness-endpoint/*`])],
  resource: { [HARNESS]: grant(HARNESS, BOTH), [HARNESS_DEFAULT]: grant(HARNESS_DEFAULT, BOTH) },
  ...over,
});

const invokeHarness = (resourceArn = HARNESS, qualifier?: string) => ({
  principalArn: SESSION,
  action: 'InvokeHarness',
  resourceArn,
  ...(qualifier === undefined ? {} : { qualifier }),
});

describe('explainAccess on a gateway', () => {
  const policies: AccessPolicies = {
    identity: [identity(['bedrock-agentcore:InvokeGateway'], [GATEWAY])],
    resource: { [GATEWAY]: grant(GATEWAY, ['bedrock-agentcore:InvokeGateway']) },
  };
  const request = { principalArn: SESSION, action: 'InvokeGateway', resourceArn: GATEWAY };

  it('authorizes the one gateway ARN and allows when both sides allow InvokeGateway', () => {
    const explanation = explainAccess(request, policies);
    expect(explanation.decision).toBe('allow');
    expect(explanation.evaluations.map((e) => [e.action, e.resourceArn, e.resourceType])).toEqual([
      ['bedrock-agentcore:InvokeGateway', GATEWAY, 'gateway'],
    ]);
  });

  it('names gateway-policy-missing when the gateway has no resource policy', () => {
    const explanation = explainAccess(request, { ...policies, resource: {} });
    expect(explanation.decision).toBe('implicit-deny');
    expect(explanation.causes[0]).toMatchObject({ code: 'gateway-policy-missing', resourceArn: GATEWAY });
    expect(explanation.causes[0]?.fix).toContain(`put-resource-policy --resource-arn ${GATEWAY}`);
  });

  it('blames the identity side when only the gateway policy allows', () => {
    const explanation = explainAccess(request, { ...policies, identity: [] });
    expect(explanation.causes[0]).toMatchObject({ code: 'identity-missing-action', resourceArn: GATEWAY });
  });
});

describe('explainAccess on a harness: both actions on the harness and its endpoint', () => {
  it.each([
    ['the harness ARN: its DEFAULT endpoint is derived', HARNESS, undefined, HARNESS_DEFAULT],
    ['the harness ARN with a qualifier', HARNESS, 'prod', HARNESS_PROD],
    ['a harness endpoint ARN: its harness is derived', HARNESS_PROD, 'ignored', HARNESS_PROD],
  ])('authorizes %s', (_name, resourceArn, qualifier, endpoint) => {
    const explanation = explainAccess(invokeHarness(resourceArn, qualifier), harnessPolicies());
    expect(explanation.evaluations.map((e) => [e.action, e.resourceArn, e.resourceType])).toEqual([
      [INVOKE_HARNESS, HARNESS, 'harness'],
      [INVOKE_HARNESS, endpoint, 'harness-endpoint'],
      [INVOKE_RUNTIME, HARNESS, 'harness'],
      [INVOKE_RUNTIME, endpoint, 'harness-endpoint'],
    ]);
  });

  it('allows when every policy grants both actions on both ARNs', () => {
    const explanation = explainAccess(invokeHarness(), harnessPolicies());
    expect(explanation.decision).toBe('allow');
    expect(explanation.causes).toEqual([]);
    expect(explanation.request.action).toBe(INVOKE_HARNESS);
  });

  it('names harness-endpoint-policy-missing when only the harness has a policy', () => {
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({ resource: { [HARNESS]: grant(HARNESS, BOTH) } }),
    );
    expect(explanation.decision).toBe('implicit-deny');
    expect(explanation.causes[0]).toMatchObject({
      code: 'harness-endpoint-policy-missing',
      resourceArn: HARNESS_DEFAULT,
    });
    expect(explanation.causes[0]?.message).toContain('both the harness and its endpoint');
  });

  it('names harness-policy-missing when only the endpoint has a policy', () => {
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({ resource: { [HARNESS_DEFAULT]: grant(HARNESS_DEFAULT, BOTH) } }),
    );
    expect(explanation.causes[0]).toMatchObject({ code: 'harness-policy-missing', resourceArn: HARNESS });
  });

  it('names harness-missing-invoke-runtime when the resource policies grant InvokeHarness alone', () => {
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({
        resource: {
          [HARNESS]: grant(HARNESS, [INVOKE_HARNESS]),
          [HARNESS_DEFAULT]: grant(HARNESS_DEFAULT, [INVOKE_HARNESS]),
        },
      }),
    );
    expect(explanation.decision).toBe('implicit-deny');
    // InvokeHarness itself is allowed everywhere; only the required companion fails.
    expect(explanation.evaluations.map((e) => e.decision)).toEqual([
      'allow',
      'allow',
      'implicit-deny',
      'implicit-deny',
    ]);
    expect(explanation.causes.map((c) => [c.code, c.resourceArn, c.policyKind])).toEqual([
      ['harness-missing-invoke-runtime', HARNESS, 'resource'],
      ['harness-missing-invoke-runtime', HARNESS_DEFAULT, 'resource'],
    ]);
    expect(explanation.causes[0]?.message).toContain('requires both bedrock-agentcore:InvokeHarness');
    expect(explanation.causes[0]?.fix).toContain(`Add "${INVOKE_RUNTIME}"`);
  });

  it('names harness-missing-invoke-runtime when the identity policy grants InvokeHarness alone', () => {
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({ identity: [identity([INVOKE_HARNESS], [HARNESS, `${HARNESS}/harness-endpoint/*`])] }),
    );
    expect(explanation.causes[0]).toMatchObject({
      code: 'harness-missing-invoke-runtime',
      resourceArn: HARNESS,
      policyKind: 'identity',
    });
  });

  it('names identity-missing-endpoint when the identity policy covers the harness but not the endpoint', () => {
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({ identity: [identity(BOTH, [HARNESS])] }),
    );
    expect(explanation.causes[0]).toMatchObject({
      code: 'identity-missing-endpoint',
      resourceArn: HARNESS_DEFAULT,
    });
    expect(explanation.causes[0]?.fix).toContain(`${HARNESS}/harness-endpoint/*`);
  });

  it('reads the action in any case, as IAM does, and still names the missing companion', () => {
    const explanation = explainAccess(
      { ...invokeHarness(), action: 'bedrock-agentcore:invokeharness' },
      harnessPolicies({ identity: [identity([INVOKE_HARNESS], [HARNESS, `${HARNESS}/harness-endpoint/*`])] }),
    );
    expect(explanation.evaluations.map((e) => [e.action, e.decision])).toEqual([
      ['bedrock-agentcore:invokeharness', 'allow'],
      ['bedrock-agentcore:invokeharness', 'allow'],
      [INVOKE_RUNTIME, 'implicit-deny'],
      [INVOKE_RUNTIME, 'implicit-deny'],
    ]);
    expect(explanation.causes[0]?.code).toBe('harness-missing-invoke-runtime');
  });

  it('lets an explicit Deny of InvokeAgentRuntime deny InvokeHarness', () => {
    const deny: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: INVOKE_RUNTIME, Resource: '*' }],
    };
    const explanation = explainAccess(
      invokeHarness(),
      harnessPolicies({ identity: [identity(BOTH, [HARNESS, `${HARNESS}/harness-endpoint/*`]), deny] }),
    );
    expect(explanation.decision).toBe('explicit-deny');
    expect(explanation.causes[0]).toMatchObject({
      code: 'explicit-deny',
      policyKind: 'identity',
      policyIndex: 1,
    });
  });
});

describe('explainAccess on the runtime actions beyond invoke', () => {
  it.each([
    'InvokeAgentRuntimeCommand',
    'InvokeAgentRuntimeCommandShell',
    'InvokeAgentRuntimeWithWebSocketStream',
    'InvokeAgentRuntimeWithWebSocketStreamForUser',
    'StopRuntimeSession',
  ])('authorizes %s on the runtime and its endpoint', (action) => {
    const explanation = explainAccess(
      { principalArn: SESSION, action, resourceArn: RUNTIME },
      {
        identity: [identity([`bedrock-agentcore:${action}`], [RUNTIME, `${RUNTIME}/runtime-endpoint/*`])],
        resource: { [RUNTIME]: grant(RUNTIME, [`bedrock-agentcore:${action}`]) },
      },
    );
    expect(explanation.evaluations.map((e) => e.resourceType)).toEqual(['runtime', 'runtime-endpoint']);
    expect(explanation.causes[0]?.code).toBe('endpoint-policy-missing');
  });
});
