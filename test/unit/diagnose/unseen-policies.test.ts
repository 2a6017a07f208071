/**
 * Two ways the policies in hand can disagree with AWS's words, found in review: doctor's live
 * read allows the side AWS blames (a contradiction: what was verified is still never blamed), and
 * AWS reports an explicit deny that no given policy holds (the denying policy is not among them:
 * that cause leads, proven by AWS's words, and the fix plan is blocked).
 */
import { describe, expect, it } from 'vitest';
import { diagnoseAccessDenied } from '../../../src/diagnose/diagnose.js';
import type { PolicyDocument } from '../../../src/policy/types.js';
import { CALLER_ROLE_ARN, ENDPOINT_ARN, GATEWAY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { INVOKE, seedResourcePolicy, workingPolicies } from '../../fixtures/broken-setups.js';

const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1';
const error = (message: string) =>
  Object.assign(new Error(message), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });

describe('the policies doctor read live allow the side AWS blames', () => {
  const denial = error(
    `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no resource-based policy allows the ${INVOKE} action`,
  );

  it('the verified runtime policy is ruled out, not the first cause; the summary says it was read live', () => {
    const diagnosis = diagnoseAccessDenied(denial, {
      runtimeArn: RUNTIME_ARN,
      qualifier: 'DEFAULT',
      policies: workingPolicies(),
      policySource: 'read-live',
    });
    expect(diagnosis.contradiction).toBe(true);
    expect(diagnosis.causes[0]?.code).not.toBe('runtime-policy-missing');
    expect(diagnosis.causes.find((c) => c.code === 'runtime-policy-missing')?.confidence).toBe('ruled-out');
    expect(diagnosis.summary).toMatch(/^The policies read live allow this request, yet AWS denied it/);
    expect(diagnosis.summary).not.toContain('Check first: runtime-policy-missing');
  });

  it('given (not read live), the message still leads: the given policies may not be the ones in force', () => {
    const diagnosis = diagnoseAccessDenied(denial, {
      runtimeArn: RUNTIME_ARN,
      qualifier: 'DEFAULT',
      policies: workingPolicies(),
    });
    expect(diagnosis.causes[0]).toMatchObject({ code: 'runtime-policy-missing', confidence: 'likely' });
  });
});

describe('AWS reports an explicit deny the given policies do not hold', () => {
  it('explicit-deny leads, proven by AWS’s words; the fix plan is blocked with no change', () => {
    const policies = { ...workingPolicies(), resource: { [RUNTIME_ARN]: seedResourcePolicy(RUNTIME_ARN) } };
    const diagnosis = diagnoseAccessDenied(
      error(
        `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in a service control policy`,
      ),
      { runtimeArn: RUNTIME_ARN, qualifier: 'DEFAULT', policies },
    );
    expect(diagnosis.causes[0]).toMatchObject({ code: 'explicit-deny', confidence: 'proven' });
    expect(diagnosis.causes[0]?.evidence).toContain('the denying policy is not among them');
    // What the given policies prove besides still shows, after it.
    expect(diagnosis.causes[1]).toMatchObject({ code: 'endpoint-policy-missing', resourceArn: ENDPOINT_ARN });
    expect(diagnosis.summary).toMatch(
      /^AWS reports an explicit deny in a service.control policy, which the given policies do not hold/,
    );
    expect(diagnosis.fix?.changes).toEqual([]);
    expect(diagnosis.fix?.blocked?.code).toBe('explicit-deny');
  });
});

describe('lint of the given policies for a gateway denial', () => {
  it('leads in a contradiction: the gateway is linted as a gateway, not refused as a runtime', () => {
    const invokeGateway = 'bedrock-agentcore:InvokeGateway';
    const gatewayPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          Action: invokeGateway,
          Resource: GATEWAY_ARN,
        },
      ],
    };
    // The exact gateway, and a stray entry in the caller's own account: IAM allows, lint errs.
    const callerPolicy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: invokeGateway,
          Resource: [GATEWAY_ARN, 'arn:aws:bedrock-agentcore:eu-west-1:222222222222:gateway/*'],
        },
      ],
    };
    const diagnosis = diagnoseAccessDenied(
      error(
        `User: ${CALLER_ROLE_ARN} is not authorized to perform: ${invokeGateway} on resource: ${GATEWAY_ARN} because no resource-based policy allows the ${invokeGateway} action`,
      ),
      { policies: { identity: [callerPolicy], resource: { [GATEWAY_ARN]: gatewayPolicy } } },
    );
    expect(diagnosis.contradiction).toBe(true);
    expect(diagnosis.causes[0]).toMatchObject({ code: 'identity-wrong-account', confidence: 'likely' });
    expect(diagnosis.causes[0]?.evidence).toMatch(/^Lint of the given policies/);
  });
});
