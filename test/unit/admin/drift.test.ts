/**
 * compareEndpointPolicy: an endpoint's policy against its runtime's, modulo Resource and Sid.
 */
import { describe, expect, it } from 'vitest';
import { compareEndpointPolicy } from '../../../src/admin/drift.js';
import type { PolicyDocument, Statement } from '../../../src/policy/types.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const ENDPOINT = `${RUNTIME}/runtime-endpoint/DEFAULT`;
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const PARTNER = 'arn:aws:iam::333333333333:role/partner';
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const CARD = 'bedrock-agentcore:GetAgentCard';

const grant = (resource: string, extra: Partial<Statement> = {}): Statement => ({
  Sid: 'Caller',
  Effect: 'Allow',
  Principal: { AWS: CALLER },
  Action: [INVOKE, CARD],
  Resource: resource,
  ...extra,
});
const doc = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});
const compare = (runtime: PolicyDocument | undefined, endpoint: PolicyDocument | undefined) =>
  compareEndpointPolicy({ arn: RUNTIME, document: runtime }, { arn: ENDPOINT, document: endpoint });

describe('compareEndpointPolicy', () => {
  it.each([
    ['both absent', undefined, undefined],
    ['identical but for Resource', doc(grant(RUNTIME)), doc(grant(ENDPOINT))],
    [
      'another Sid, another statement order',
      doc(grant(RUNTIME), grant(RUNTIME, { Sid: 'Card', Action: CARD })),
      doc(grant(ENDPOINT, { Sid: 'x', Action: CARD }), grant(ENDPOINT, { Sid: 'y' })),
    ],
  ])('no drift: %s', (_name, runtime, endpoint) => {
    expect(compare(runtime, endpoint)).toBeUndefined();
  });

  it('an endpoint without a policy misses every grant of its runtime', () => {
    expect(compare(doc(grant(RUNTIME)), undefined)).toMatchObject({
      code: 'endpoint-policy-missing',
      runtimeArn: RUNTIME,
      endpointArn: ENDPOINT,
      missing: [{ principal: CALLER, actions: [INVOKE, CARD] }],
      extra: [],
    });
  });

  it('an endpoint policy without its runtime one is dormant: its grants are extra', () => {
    expect(compare(undefined, doc(grant(ENDPOINT)))).toMatchObject({
      code: 'runtime-policy-missing',
      missing: [],
      extra: [{ principal: CALLER, actions: [INVOKE, CARD] }],
    });
  });

  it('names what the endpoint misses (gotcha 1) and what it grants beyond its runtime', () => {
    const drift = compare(
      doc(grant(RUNTIME)),
      doc(
        grant(ENDPOINT, { Action: INVOKE }),
        grant(ENDPOINT, { Sid: 'Partner', Principal: { AWS: PARTNER }, Action: INVOKE }),
      ),
    );
    expect(drift).toMatchObject({
      code: 'endpoint-policy-drift',
      missing: [{ principal: CALLER, actions: [CARD] }],
      extra: [{ principal: PARTNER, actions: [INVOKE] }],
      denyDiffers: false,
    });
    expect(drift?.message).toMatch(/denies \(gotcha 1\).*dormant/);
  });

  it('a grant under another condition is another grant', () => {
    const condition = { StringEquals: { 'aws:PrincipalAccount': '222222222222' } };
    const drift = compare(doc(grant(RUNTIME)), doc(grant(ENDPOINT, { Condition: condition })));
    expect(drift).toMatchObject({
      missing: [{ principal: CALLER, actions: [INVOKE, CARD] }],
      extra: [{ principal: CALLER, actions: [INVOKE, CARD], condition }],
    });
  });

  it('a Deny only on one side is drift, with the same grants', () => {
    const deny: Statement = { Effect: 'Deny', Principal: '*', Action: CARD, Resource: ENDPOINT };
    expect(compare(doc(grant(RUNTIME)), doc(grant(ENDPOINT), deny))).toMatchObject({
      code: 'endpoint-policy-drift',
      missing: [],
      extra: [],
      denyDiffers: true,
      message: expect.stringContaining('Deny statements differ'),
    });
  });

  it('the same grants written differently is drift in form', () => {
    const split = doc(grant(ENDPOINT, { Action: INVOKE }), grant(ENDPOINT, { Sid: 'b', Action: CARD }));
    expect(compare(doc(grant(RUNTIME)), split)).toMatchObject({
      code: 'endpoint-policy-drift',
      missing: [],
      extra: [],
      message: expect.stringContaining('differ in form'),
    });
  });
});
