/**
 * The policy kinds that bound a request without granting it (RCPs, SCPs per level, permissions
 * boundaries, session policies, VPC endpoint policies), each with its cause code, in AWS's order.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseAccessDenied } from '../../../../src/diagnose/index.js';
import { isValidationError } from '../../../../src/errors.js';
import {
  type AccessPolicies,
  type AccessRequest,
  explainAccess,
} from '../../../../src/policy/evaluate/index.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  MEMORY_ARN as MEMORY,
  RUNTIME_ARN as RUNTIME,
} from '../../../fixtures/arns.js';

const SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/s1`;
const V = '2012-10-17' as const;

function doc(...Statement: Statement[]): PolicyDocument {
  return { Version: V, Statement };
}
const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const ALLOW_ALL_PRINCIPALS = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
const DENY_CREATE = doc({ Effect: 'Deny', Action: 'bedrock-agentcore:CreateEvent', Resource: '*' });
const ALLOW_OTHER = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
const DENY_S3_ALL = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });

const request: AccessRequest = {
  principalArn: SESSION,
  action: 'bedrock-agentcore:CreateEvent',
  resourceArn: MEMORY,
};
/** The seed's memory setup: cross-account, allowed by both sides. */
const base: AccessPolicies = {
  identity: [doc({ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: MEMORY })],
  resource: {
    [MEMORY]: doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
      Action: 'bedrock-agentcore:*',
      Resource: MEMORY,
    }),
  },
};

function explain(extra: Partial<AccessPolicies>, req: Partial<AccessRequest> = {}) {
  return explainAccess({ ...request, ...req }, { ...base, ...extra });
}

describe('explainAccess guardrails', () => {
  it('allows the seed setup with no guardrail', () => {
    expect(explain({}).decision).toBe('allow');
  });

  // [scenario, extra policies, decision, first cause code]
  const ROWS: Array<[string, Partial<AccessPolicies>, string, string | undefined]> = [
    [
      'every SCP level allows (flat list, the earlier shape)',
      { scp: [ALLOW_ALL, ALLOW_ALL] },
      'allow',
      undefined,
    ],
    [
      'an SCP level whose one policy allows nothing',
      { scp: [ALLOW_ALL, ALLOW_OTHER] },
      'implicit-deny',
      'scp-not-allowed',
    ],
    [
      'a level with several SCPs needs only one of them to allow',
      { scp: [[ALLOW_ALL], [ALLOW_OTHER, ALLOW_ALL], [ALLOW_ALL]] },
      'allow',
      undefined,
    ],
    [
      'a level none of whose SCPs allows',
      { scp: [[ALLOW_ALL], [ALLOW_OTHER, ALLOW_OTHER]] },
      'implicit-deny',
      'scp-not-allowed',
    ],
    ['a Deny in an SCP of any level', { scp: [[ALLOW_ALL, DENY_CREATE]] }, 'explicit-deny', 'explicit-deny'],
    // "The effect of Allow is only supported for the RCPFullAWSAccess policy", attached to every
    // level and impossible to detach: a level never lacks an Allow, only a Deny stops a request.
    ['RCPs that deny something else', { rcp: [[DENY_S3_ALL], [DENY_S3_ALL]] }, 'allow', undefined],
    [
      'an RCP level whose policies allow nothing themselves',
      { rcp: [[doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })]] },
      'allow',
      undefined,
    ],
    [
      'an RCP that denies callers outside the organization',
      {
        rcp: [
          [
            DENY_S3_ALL,
            doc({
              Effect: 'Deny',
              Principal: '*',
              Action: 'bedrock-agentcore:*',
              Resource: '*',
              Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-owner' } },
            }),
          ],
        ],
      },
      'explicit-deny',
      'rcp-denied',
    ],
    [
      'a permissions boundary that allows something else',
      { permissionsBoundary: ALLOW_OTHER },
      'implicit-deny',
      'permissions-boundary-not-allowed',
    ],
    [
      'a session policy that allows something else',
      { sessionPolicy: ALLOW_OTHER },
      'implicit-deny',
      'session-policy-not-allowed',
    ],
    [
      'a VPC endpoint policy that allows everything',
      { vpcEndpoint: { vpcEndpointId: 'vpce-0123456789abcdef0', document: ALLOW_ALL_PRINCIPALS } },
      'allow',
      undefined,
    ],
    [
      'a VPC endpoint policy that allows only its own account',
      {
        vpcEndpoint: {
          vpcEndpointId: 'vpce-0123456789abcdef0',
          document: doc({
            Effect: 'Allow',
            Principal: '*',
            Action: '*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT_A } },
          }),
        },
      },
      'implicit-deny',
      'vpc-endpoint-policy-not-allowed',
    ],
  ];

  it.each(ROWS)('%s', (_name, extra, decision, code) => {
    const explanation = explain(extra);
    expect(explanation.decision).toBe(decision);
    expect(explanation.causes[0]?.code).toBe(code);
  });

  it('names the failing SCP level and its policies', () => {
    const explanation = explain({ scp: [[ALLOW_ALL], [ALLOW_OTHER, ALLOW_OTHER]] });
    const cause = explanation.causes[0];
    expect(cause?.policyKind).toBe('scp');
    expect(cause?.policyIndex).toBe(1);
    expect(cause?.message).toContain('level 1');
    const levels = explanation.evaluations[0]?.policies.filter((p) => p.kind === 'scp');
    expect(levels?.map((p) => [p.index, p.position])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
    ]);
  });

  it('applies RCPs to service principals, and SCPs not', () => {
    const service = { principalArn: 'bedrock-agentcore.amazonaws.com' };
    const resource = {
      [MEMORY]: doc({
        Effect: 'Allow',
        Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
        Action: 'bedrock-agentcore:*',
        Resource: MEMORY,
      }),
    };
    expect(explain({ resource, scp: [ALLOW_OTHER] }, service).decision).toBe('allow');
    const rcp = [
      doc({
        Effect: 'Deny',
        Principal: '*',
        Action: 'bedrock-agentcore:*',
        Resource: '*',
        Condition: { Bool: { 'aws:PrincipalIsAWSService': 'true' } },
      }),
    ];
    expect(explain({ resource, rcp }, service).causes[0]?.code).toBe('rcp-denied');
    expect(explain({ rcp }).decision).toBe('allow');
  });

  it('puts the VPC endpoint in the request context, where conditions see it', () => {
    const vpcEndpoint = {
      vpcEndpointId: 'vpce-0123456789abcdef0',
      vpcId: 'vpc-0123456789abcdef0',
      document: ALLOW_ALL_PRINCIPALS,
    };
    const pinned = doc({
      Effect: 'Allow',
      Action: 'bedrock-agentcore:*',
      Resource: MEMORY,
      Condition: {
        StringEquals: {
          'aws:SourceVpce': 'vpce-0123456789abcdef0',
          'aws:SourceVpc': 'vpc-0123456789abcdef0',
        },
      },
    });
    const explanation = explain({ vpcEndpoint, identity: [pinned] });
    expect(explanation.request.context['aws:SourceVpce']).toBe('vpce-0123456789abcdef0');
    expect(explanation.decision).toBe('allow');
    expect(explain({ identity: [pinned] }).decision).toBe('implicit-deny');
  });

  it('denies with NotPrincipal and Deny any caller that has a permissions boundary', () => {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified in the NotPrincipal element."
    const notPrincipal = doc(
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
        Action: 'bedrock-agentcore:*',
        Resource: MEMORY,
      },
      {
        Effect: 'Deny',
        NotPrincipal: {
          AWS: [`arn:aws:iam::${ACCOUNT_B}:root`, `arn:aws:iam::${ACCOUNT_B}:role/the-caller-role`, SESSION],
        },
        Action: '*',
        Resource: MEMORY,
      },
    );
    const resource = { [MEMORY]: notPrincipal };
    expect(explain({ resource }).decision).toBe('allow');
    expect(explain({ resource, permissionsBoundary: ALLOW_ALL }).decision).toBe('explicit-deny');
  });

  it('refuses an unknown field of request or policies, naming it', () => {
    const bad: Array<[unknown, unknown, string]> = [
      [request, { ...base, scps: [ALLOW_ALL] }, 'policies.scps'],
      [request, { ...base, rcps: [] }, 'policies.rcps'],
      [{ ...request, qualifer: 'DEFAULT' }, base, 'request.qualifer'],
      [request, { ...base, scp: [[]] }, 'policies.scp[0]'],
      [request, { ...base, rcp: ALLOW_ALL }, 'policies.rcp'],
      [
        request,
        { ...base, vpcEndpoint: { vpcEndpointId: 'endpoint-1', document: ALLOW_ALL } },
        'policies.vpcEndpoint.vpcEndpointId',
      ],
      [
        request,
        { ...base, vpcEndpoint: { vpcEndpointId: 'vpce-1', policy: ALLOW_ALL } },
        'policies.vpcEndpoint.policy',
      ],
    ];
    for (const [req, policies, field] of bad) {
      let thrown: unknown;
      try {
        explainAccess(req as AccessRequest, policies as AccessPolicies);
      } catch (error) {
        thrown = error;
      }
      expect(isValidationError(thrown), field).toBe(true);
      expect((thrown as { field: string }).field).toBe(field);
    }
  });
});

describe('diagnoseAccessDenied with a guardrail named by AWS', () => {
  const head = `User: ${SESSION} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME}`;
  it.each([
    ['resource control policy', 'rcp-denied'],
    ['VPC endpoint policy', 'vpc-endpoint-policy-not-allowed'],
    ['service control policy', 'scp-not-allowed'],
    ['permissions boundary', 'permissions-boundary-not-allowed'],
    ['session policy', 'session-policy-not-allowed'],
  ])('"no %s allows" ranks %s first', (words, code) => {
    const diagnosis = diagnoseAccessDenied(
      `${head} because no ${words} allows the bedrock-agentcore:InvokeAgentRuntime action`,
    );
    expect(diagnosis.causes[0]?.code).toBe(code);
    expect(diagnosis.causes[0]?.confidence).toBe('likely');
  });

  it('"explicit deny in a resource control policy" ranks the RCP denial (an RCP only denies), then any Deny', () => {
    const diagnosis = diagnoseAccessDenied(`${head} with an explicit deny in a resource control policy`);
    expect(diagnosis.policyType).toBe('resource-control');
    expect(diagnosis.causes.map((c) => c.code).slice(0, 2)).toEqual(['rcp-denied', 'explicit-deny']);
  });
});
