/**
 * policyExposure: one row per scenario of who a resource policy lets in, how it is classed, and
 * what a Deny takes away (certainly) or may take away (limitedBy).
 */
import { describe, expect, it } from 'vitest';
import { type Exposure, policyExposure } from '../../../src/policy/exposure.js';
import type { PolicyDocument, Statement } from '../../../src/policy/types.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const ORG = 'o-a1b2c3d4e5';
const RUNTIME = `arn:aws:bedrock-agentcore:eu-west-1:${A}:runtime/agent-abcdefghij`;
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const CARD = 'bedrock-agentcore:GetAgentCard';

const allow = (
  principal: NonNullable<Statement['Principal']>,
  extra: Partial<Statement> = {},
): Statement => ({
  Effect: 'Allow',
  Principal: principal,
  Action: [INVOKE, CARD],
  Resource: RUNTIME,
  ...extra,
});
const deny = (principal: Partial<Statement>, extra: Partial<Statement> = {}): Statement => ({
  Effect: 'Deny',
  Action: INVOKE,
  Resource: RUNTIME,
  ...principal,
  ...extra,
});
const doc = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});
const options = { attachedTo: RUNTIME, organizationId: ORG, trustedAccounts: [B] };

type Row = [string, PolicyDocument, Array<Partial<Exposure>>];

const rows: Row[] = [
  [
    'a trusted account root',
    doc(allow({ AWS: `arn:aws:iam::${B}:root` })),
    [
      {
        principal: `arn:aws:iam::${B}:root`,
        kind: 'account',
        accountId: B,
        class: 'trusted',
        actions: [INVOKE, CARD],
      },
    ],
  ],
  [
    'a bare account id, written as its root',
    doc(allow({ AWS: C })),
    [{ principal: `arn:aws:iam::${C}:root`, kind: 'account', accountId: C, class: 'external' }],
  ],
  [
    'an external role',
    doc(allow({ AWS: `arn:aws:iam::${C}:role/x` })),
    [{ principal: `arn:aws:iam::${C}:role/x`, kind: 'role', class: 'external' }],
  ],
  [
    'a session and a user',
    doc(allow({ AWS: [`arn:aws:sts::${C}:assumed-role/x/s`, `arn:aws:iam::${C}:user/u`] })),
    [
      { kind: 'session', class: 'external' },
      { kind: 'user', class: 'external' },
    ],
  ],
  [
    'a principal of the owner account is no exposure',
    doc(allow({ AWS: `arn:aws:iam::${A}:role/inside` })),
    [],
  ],
  [
    '"*" with no condition is public',
    doc(allow('*')),
    [{ principal: '*', kind: 'everyone', class: 'public' }],
  ],
  [
    '{"AWS": "*"} with a network condition is public, the condition listed',
    doc(allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } })),
    [{ class: 'public', conditions: ['aws:SourceVpc'] }],
  ],
  [
    '"*" of our organization',
    doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } })),
    [{ principal: '*', class: 'same-org', organizationIds: [ORG], conditions: [] }],
  ],
  [
    '"*" of our organization by OrgPaths',
    doc(
      allow('*', {
        Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ORG}/r-ab12/*`] } },
      }),
    ),
    [{ class: 'same-org', organizationIds: [ORG] }],
  ],
  [
    '"*" of another organization is external',
    doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } } })),
    [{ class: 'external', organizationIds: ['o-zzzzzzzzzz'] }],
  ],
  [
    'a negated org condition narrows nothing: public',
    doc(allow('*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': ORG } } })),
    [{ class: 'public', conditions: ['aws:PrincipalOrgID'] }],
  ],
  [
    '"*" narrowed to accounts is those accounts',
    doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': [A, B, C] } } })),
    [
      { principal: '*', accountId: B, class: 'trusted' },
      { principal: '*', accountId: C, class: 'external' },
    ],
  ],
  [
    '"*" narrowed by aws:PrincipalArn',
    doc(allow('*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${C}:role/*` } } })),
    [{ accountId: C, class: 'external' }],
  ],
  [
    'an account required to be in our organization',
    doc(allow({ AWS: C }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } })),
    [{ accountId: C, class: 'same-org', organizationIds: [ORG] }],
  ],
  [
    'a service principal',
    doc(allow({ Service: 'lambda.amazonaws.com' })),
    [{ principal: 'lambda.amazonaws.com', kind: 'service', class: 'service' }],
  ],
  [
    'Allow with NotPrincipal is everyone but some: public',
    doc({
      Effect: 'Allow',
      NotPrincipal: { AWS: C },
      Action: INVOKE,
      Resource: RUNTIME,
    }),
    [{ principal: '*', class: 'public', actions: [INVOKE] }],
  ],
  [
    'grants by NotAction are listed as such',
    doc({ Effect: 'Allow', Principal: { AWS: C }, NotAction: CARD, Resource: RUNTIME }),
    [{ actions: [`NotAction:${CARD}`] }],
  ],
  [
    'two statements for one principal merge',
    doc(allow({ AWS: C }, { Action: INVOKE }), allow({ AWS: `arn:aws:iam::${C}:root` }, { Action: CARD })),
    [
      {
        principal: `arn:aws:iam::${C}:root`,
        actions: [INVOKE, CARD],
        statements: ['/Statement/0', '/Statement/1'],
      },
    ],
  ],
  [
    'a statement for another resource grants nothing here',
    doc(allow({ AWS: C }, { Resource: `${RUNTIME}/runtime-endpoint/DEFAULT` })),
    [],
  ],
  ['a wildcard Resource never applies (AgentCore refuses it)', doc(allow({ AWS: C }, { Resource: '*' })), []],
  [
    'an unconditional Deny of the principal removes its action',
    doc(allow({ AWS: C }), deny({ Principal: { AWS: C } })),
    [{ actions: [CARD], limitedBy: [] }],
  ],
  [
    'a Deny of its account root covers a role of it',
    doc(
      allow({ AWS: `arn:aws:iam::${C}:role/x` }),
      deny({ Principal: { AWS: `arn:aws:iam::${C}:root` } }, { Action: '*' }),
    ),
    [],
  ],
  [
    'a Deny of "*" covers everyone',
    doc(allow('*'), deny({ Principal: '*' }, { Action: 'bedrock-agentcore:*' })),
    [],
  ],
  [
    'a conditional Deny only may limit',
    doc(
      allow({ AWS: C }),
      deny({ Principal: '*' }, { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ),
    [{ actions: [INVOKE, CARD], limitedBy: ['/Statement/1'] }],
  ],
  [
    'a NotPrincipal Deny naming the principal only may limit (every level must be named)',
    doc(
      allow({ AWS: `arn:aws:iam::${C}:role/x` }),
      deny({ NotPrincipal: { AWS: `arn:aws:iam::${C}:role/x` } }),
    ),
    [{ actions: [INVOKE, CARD], limitedBy: ['/Statement/1'] }],
  ],
  [
    'a NotPrincipal Deny not naming the principal removes',
    doc(allow({ AWS: C }), deny({ NotPrincipal: { AWS: B } }, { Action: [INVOKE, CARD] })),
    [],
  ],
  [
    'a Deny of some roles of a public grant only may limit it',
    doc(allow('*'), deny({ Principal: { AWS: `arn:aws:iam::${C}:role/x` } })),
    [{ class: 'public', limitedBy: ['/Statement/1'] }],
  ],
  [
    'a Deny of an action pattern covers a granted pattern it prefixes',
    doc(
      allow({ AWS: C }, { Action: 'bedrock-agentcore:Invoke*' }),
      deny({ Principal: { AWS: C } }, { Action: 'bedrock-agentcore:*' }),
    ),
    [],
  ],
  [
    'a Deny of one action against a granted pattern only may limit',
    doc(allow({ AWS: C }, { Action: 'bedrock-agentcore:*' }), deny({ Principal: { AWS: C } })),
    [{ actions: ['bedrock-agentcore:*'], limitedBy: ['/Statement/1'] }],
  ],
];

describe('policyExposure', () => {
  it.each(rows)('%s', (_name, document, expected) => {
    const found = policyExposure(document, options);
    expect(found).toHaveLength(expected.length);
    for (const [i, fields] of expected.entries()) expect(found[i]).toMatchObject(fields);
  });

  it('reads a JSON text as well as a document', () => {
    const document = doc(allow({ AWS: C }));
    expect(policyExposure(JSON.stringify(document), options)).toEqual(policyExposure(document, options));
  });

  it('classes an organization as external when yours is not given', () => {
    const document = doc(allow('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }));
    expect(policyExposure(document, { attachedTo: RUNTIME })[0]?.class).toBe('external');
  });

  it.each([
    ['no options', undefined, 'options'],
    ['attachedTo missing', {}, 'attachedTo'],
    ['a malformed organization', { attachedTo: RUNTIME, organizationId: 'org' }, 'organizationId'],
    ['a malformed trusted account', { attachedTo: RUNTIME, trustedAccounts: ['x'] }, 'trustedAccounts[0]'],
  ])('refuses %s', (_name, given, field) => {
    expect(() => policyExposure(doc(allow('*')), given as never)).toThrow(expect.objectContaining({ field }));
  });

  it('refuses a document that is not a policy', () => {
    expect(() => policyExposure('not json', options)).toThrow(
      expect.objectContaining({ name: 'PolicyParseError' }),
    );
  });
});
