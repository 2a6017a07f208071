import { describe, expect, it } from 'vitest';
import { diagnoseAccessDenied } from '../../../src/diagnose/diagnose.js';
import type { DiagnosisContext } from '../../../src/diagnose/types.js';
import type { AccessPolicies } from '../../../src/policy/evaluate/types.js';
import type { CauseCode, PolicyDocument, Statement } from '../../../src/policy/types.js';
import {
  ACCOUNT_B,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  MEMORY_ARN,
  MEMORY_ID,
  RUNTIME_ARN,
} from '../../fixtures/arns.js';

const SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/user`;
const INVOKE = 'bedrock-agentcore:InvokeAgentRuntime';
const FOR_USER = 'bedrock-agentcore:InvokeAgentRuntimeForUser';
const INVOKER_ROLE = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';
const EXECUTION_ROLE_SESSION = 'arn:aws:sts::111111111111:assumed-role/AgentRuntimeExecutionRole/session';

/** AWS's wording, as the real cross-account case prints it (aws/agentcore-cli#607). */
function noResourcePolicy(principal: string, action = INVOKE, resource = RUNTIME_ARN): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`;
}

function sdkError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function doc(statement: Statement): PolicyDocument {
  return { Version: '2012-10-17', Statement: [statement] };
}

function resourcePolicy(resource: string, extra: Partial<Statement> = {}): PolicyDocument {
  return doc({
    Sid: 'AllowCallerRole',
    Effect: 'Allow',
    Principal: { AWS: CALLER_ROLE_ARN },
    Action: [INVOKE, FOR_USER, 'bedrock-agentcore:GetAgentCard'],
    Resource: resource,
    ...extra,
  });
}

function identityPolicy(
  resources: string[],
  actions = [INVOKE, FOR_USER, 'bedrock-agentcore:GetAgentCard'],
): PolicyDocument {
  return doc({ Effect: 'Allow', Action: actions, Resource: resources });
}

const GOOD_IDENTITY = identityPolicy([
  'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
  'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*/runtime-endpoint/*',
]);

function runtimePolicies(
  runtime: PolicyDocument | undefined,
  endpoint: PolicyDocument | undefined,
  identity: PolicyDocument = GOOD_IDENTITY,
): AccessPolicies {
  return { identity: [identity], resource: { [RUNTIME_ARN]: runtime, [ENDPOINT_ARN]: endpoint } };
}

const runtimeContext = (policies: AccessPolicies): DiagnosisContext => ({
  runtimeArn: RUNTIME_ARN,
  qualifier: 'DEFAULT',
  accessMode: 'resource-policy',
  policies,
});

const MEMORY_IDENTITY = identityPolicy([MEMORY_ARN], ['bedrock-agentcore:ListEvents']);

describe('diagnoseAccessDenied: one row per cause code', () => {
  it.each<[string, CauseCode, unknown, DiagnosisContext, 'proven' | 'likely']>([
    [
      'gotcha 1: runtime policy without the endpoint policy',
      'endpoint-policy-missing',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(runtimePolicies(resourcePolicy(RUNTIME_ARN), undefined)),
      'proven',
    ],
    [
      'endpoint policy without the runtime policy',
      'runtime-policy-missing',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(runtimePolicies(undefined, resourcePolicy(ENDPOINT_ARN))),
      'proven',
    ],
    [
      'gotcha 2: a wildcard Resource in the runtime policy',
      'resource-wildcard',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(runtimePolicies(resourcePolicy('*'), resourcePolicy(ENDPOINT_ARN))),
      'proven',
    ],
    [
      'endpoint policy copied with the runtime ARN as Resource',
      'resource-mismatch',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(runtimePolicies(resourcePolicy(RUNTIME_ARN), resourcePolicy(RUNTIME_ARN))),
      'proven',
    ],
    [
      'gotcha 3: aws:SourceAccount on a policy for an IAM caller',
      'source-account-condition',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(
        runtimePolicies(
          resourcePolicy(RUNTIME_ARN, { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } } }),
          resourcePolicy(ENDPOINT_ARN, { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } } }),
        ),
      ),
      'proven',
    ],
    [
      "gotcha 4: the identity policy's endpoint sub-path names the caller's account",
      'identity-wrong-account',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(
        runtimePolicies(
          resourcePolicy(RUNTIME_ARN),
          resourcePolicy(ENDPOINT_ARN),
          identityPolicy([
            RUNTIME_ARN,
            `arn:aws:bedrock-agentcore:*:${ACCOUNT_B}:runtime/*/runtime-endpoint/*`,
          ]),
        ),
      ),
      'proven',
    ],
    [
      'identity policy names the runtime only',
      'identity-missing-endpoint',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(
        runtimePolicies(
          resourcePolicy(RUNTIME_ARN),
          resourcePolicy(ENDPOINT_ARN),
          identityPolicy([RUNTIME_ARN]),
        ),
      ),
      'proven',
    ],
    [
      'a user id needs InvokeAgentRuntimeForUser in the identity policy',
      'identity-missing-action',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION, FOR_USER), 403),
      {
        ...runtimeContext(
          runtimePolicies(
            resourcePolicy(RUNTIME_ARN),
            resourcePolicy(ENDPOINT_ARN),
            identityPolicy([`${RUNTIME_ARN}*`], [INVOKE]),
          ),
        ),
        userIdSent: true,
      },
      'proven',
    ],
    [
      'the resource policies name another role',
      'principal-not-allowed',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(
        runtimePolicies(
          resourcePolicy(RUNTIME_ARN, { Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/other-role` } }),
          resourcePolicy(ENDPOINT_ARN, { Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:role/other-role` } }),
        ),
      ),
      'proven',
    ],
    [
      'the resource policies lack the action',
      'action-not-allowed',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      runtimeContext(
        runtimePolicies(
          resourcePolicy(RUNTIME_ARN, { Action: 'bedrock-agentcore:GetAgentCard' }),
          resourcePolicy(ENDPOINT_ARN, { Action: 'bedrock-agentcore:GetAgentCard' }),
        ),
      ),
      'proven',
    ],
    [
      'an explicit deny in the resource policy, as AWS words it',
      'explicit-deny',
      sdkError(
        'AccessDeniedException',
        `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in a resource-based policy`,
        403,
      ),
      { runtimeArn: RUNTIME_ARN },
      'likely',
    ],
    [
      'the client calls another region than the ARN',
      'region-mismatch',
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      { runtimeArn: RUNTIME_ARN, region: 'us-east-1' },
      'likely',
    ],
    [
      'cross-account memory without a memory policy',
      'memory-policy-missing',
      sdkError(
        'AccessDeniedException',
        noResourcePolicy(SESSION, 'bedrock-agentcore:ListEvents', MEMORY_ARN),
        403,
      ),
      { memoryArn: MEMORY_ARN, policies: { identity: [MEMORY_IDENTITY], resource: {} } },
      'proven',
    ],
    [
      'a bare memory id used cross-account',
      'memory-id-not-arn',
      sdkError(
        'AccessDeniedException',
        `User: ${SESSION} is not authorized to perform: bedrock-agentcore:ListEvents on resource: arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_B}:memory/${MEMORY_ID} because no identity-based policy allows the bedrock-agentcore:ListEvents action`,
        403,
      ),
      { memoryArn: MEMORY_ID },
      'likely',
    ],
    [
      'STS refuses AssumeRole (bare wording, no reason)',
      'assume-role-denied',
      sdkError(
        'AccessDenied',
        `User: ${CALLER_ROLE_ARN} is not authorized to perform: sts:AssumeRole on resource: ${INVOKER_ROLE}`,
        403,
      ),
      { accessMode: 'assume-role', roleArn: INVOKER_ROLE, externalIdSent: true },
      'likely',
    ],
    [
      "a RuntimeClientError (424) carrying the execution role's denial",
      'execution-role-denied',
      sdkError(
        'RuntimeClientError',
        `An error occurred (AccessDeniedException) when calling the InvokeModel operation: User: ${EXECUTION_ROLE_SESSION} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-1::foundation-model/x because no identity-based policy allows the bedrock:InvokeModel action`,
        424,
      ),
      { runtimeArn: RUNTIME_ARN, operation: 'InvokeAgentRuntime' },
      'likely',
    ],
  ])('%s → %s', (_name, code, error, context, confidence) => {
    const diagnosis = diagnoseAccessDenied(error, context);
    expect(diagnosis.causes[0]).toMatchObject({ code, confidence });
    expect(diagnosis.causes[0]?.fix.length).toBeGreaterThan(10);
    expect(diagnosis.checklist.map((i) => i.code)).toContain(code);
    for (const cause of diagnosis.causes) expect(cause.fix).not.toBe('');
  });
});

describe('diagnoseAccessDenied without policies: ranked traps and the checklist', () => {
  it('the cross-account runtime wording (the runtime ARN named) puts its resource policy first, the four gotchas listed', () => {
    const diagnosis = diagnoseAccessDenied(
      sdkError('AccessDeniedException', noResourcePolicy(SESSION), 403),
      { runtimeArn: RUNTIME_ARN, accessMode: 'resource-policy' },
    );
    expect(diagnosis).toMatchObject({
      action: INVOKE,
      resourceArn: RUNTIME_ARN,
      principalArn: SESSION,
      callerAccount: ACCOUNT_B,
      ownerAccount: '111111111111',
      crossAccount: true,
      policyType: 'resource-based',
      denialType: 'implicit',
      deniedParty: 'caller',
      proven: false,
    });
    const codes = diagnosis.checklist.map((i) => i.code);
    // AWS named the runtime ARN and the resource-based policy: the runtime failed first, there.
    expect(diagnosis.causes[0]).toMatchObject({ code: 'runtime-policy-missing', confidence: 'likely' });
    for (const gotcha of [
      'endpoint-policy-missing',
      'resource-wildcard',
      'source-account-condition',
      'identity-wrong-account',
    ] as const) {
      expect(codes).toContain(gotcha);
    }
    expect(diagnosis.causes.find((c) => c.code === 'endpoint-policy-missing')?.confidence).toBe('possible');
    // An implicit deny: no Deny matched. Ruled out, and last.
    expect(diagnosis.causes.at(-1)).toMatchObject({ code: 'explicit-deny', confidence: 'ruled-out' });
    expect(diagnosis.checklist.find((i) => i.code === 'endpoint-policy-missing')?.check).toContain(
      ENDPOINT_ARN,
    );
  });

  it.each<[string, string, DiagnosisContext, CauseCode]>([
    [
      'same-account identity-based wording puts the identity policy first',
      `User: arn:aws:iam::111111111111:role/reader is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no identity-based policy allows the ${INVOKE} action`,
      {},
      'identity-missing-action',
    ],
    [
      'ForUser needs its own action: the resource policy blamed lacks it',
      noResourcePolicy(SESSION, FOR_USER),
      { userIdSent: true },
      'action-not-allowed',
    ],
    [
      'an explicit deny in an identity-based policy names the policy ARN as evidence',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in an identity-based policy: arn:aws:iam::222222222222:policy/deny-agents`,
      {},
      'explicit-deny',
    ],
    [
      'a cross-account memory read blames the memory policy first',
      noResourcePolicy(SESSION, 'bedrock-agentcore:RetrieveMemoryRecords', MEMORY_ARN),
      {},
      'memory-policy-missing',
    ],
    [
      'assume-role mode: the invoker session in Account A needs its identity policy',
      `User: arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/agentcore-xacct is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} because no identity-based policy allows the ${INVOKE} action`,
      { accessMode: 'assume-role', roleArn: INVOKER_ROLE },
      'identity-missing-action',
    ],
    [
      'a bare message with no reason still ranks the cross-account traps',
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN}`,
      {},
      'endpoint-policy-missing',
    ],
  ])('%s', (_name, message, context, first) => {
    const diagnosis = diagnoseAccessDenied(message, context);
    expect(diagnosis.causes[0]?.code).toBe(first);
  });

  it('names the policy ARN of an explicit deny in the evidence', () => {
    const diagnosis = diagnoseAccessDenied(
      `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN} with an explicit deny in an identity-based policy: arn:aws:iam::222222222222:policy/deny-agents`,
    );
    expect(diagnosis.causes[0]?.evidence).toContain('arn:aws:iam::222222222222:policy/deny-agents');
  });

  it('an unparseable denial still diagnoses from the context', () => {
    const diagnosis = diagnoseAccessDenied(sdkError('AccessDeniedException', 'Access denied', 403), {
      operation: 'InvokeAgentRuntime',
      runtimeArn: RUNTIME_ARN,
      principalArn: CALLER_ROLE_ARN,
    });
    expect(diagnosis).toMatchObject({ action: INVOKE, resourceArn: RUNTIME_ARN, crossAccount: true });
    expect(diagnosis.causes[0]?.code).toBe('endpoint-policy-missing');
  });

  it('tells the caller when the policies given would allow (so they are not the ones attached)', () => {
    const diagnosis = diagnoseAccessDenied(
      noResourcePolicy(SESSION),
      runtimeContext(runtimePolicies(resourcePolicy(RUNTIME_ARN), resourcePolicy(ENDPOINT_ARN))),
    );
    expect(diagnosis.evaluatedDecision).toBe('allow');
    expect(diagnosis.contradiction).toBe(true);
    expect(diagnosis.proven).toBe(false);
    expect(diagnosis.summary).toContain('The given policies allow this request, yet AWS denied it');
    // AWS says the runtime's resource policy does not allow: the one in force is not the one given.
    expect(diagnosis.causes[0]).toMatchObject({ code: 'runtime-policy-missing', confidence: 'likely' });
  });

  it('diagnoses the SDK error inside an AgentCoreAccessDeniedError, not its summary', () => {
    const sdk = sdkError(
      'RuntimeClientError',
      `User: ${EXECUTION_ROLE_SESSION} is not authorized to perform: s3:GetObject`,
      424,
    );
    const wrapped = Object.assign(new Error('Access denied, likely cause: …'), {
      name: 'AgentCoreAccessDeniedError',
      cause: sdk,
    });
    expect(diagnoseAccessDenied(wrapped).deniedParty).toBe('execution-role');
  });

  it.each([undefined, null, 42, {}, [], 'Rate exceeded', { message: 7 }])('never throws on %j', (value) => {
    expect(() => diagnoseAccessDenied(value)).not.toThrow();
  });

  it('never throws on policies it cannot read', () => {
    const broken = { identity: [{ Statement: 'nope' }], resource: {} } as unknown as AccessPolicies;
    const diagnosis = diagnoseAccessDenied(noResourcePolicy(SESSION), {
      runtimeArn: RUNTIME_ARN,
      policies: broken,
    });
    expect(diagnosis.causes.length).toBeGreaterThan(0);
  });

  it('is linear on 100,000-character hostile input', () => {
    const text = `User: ${'a'.repeat(50_000)} is not authorized to perform: ${'x:'.repeat(25_000)}`;
    expect(diagnoseAccessDenied(text).causes.length).toBeGreaterThan(0);
  });
});

describe('diagnoseAccessDenied on gateways and harnesses', () => {
  const GATEWAY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/tools-gateway-abcdefghij';
  const HARNESS = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:harness/support_harness-abcdefghij';

  it('checks the gateway policy first for a denied InvokeGateway', () => {
    const action = 'bedrock-agentcore:InvokeGateway';
    const error = sdkError('AccessDeniedException', noResourcePolicy(SESSION, action, GATEWAY), 403);
    const diagnosis = diagnoseAccessDenied(error);
    // AWS named the gateway and its resource-based policy: likely its policy.
    expect(diagnosis.causes[0]).toMatchObject({ code: 'gateway-policy-missing', confidence: 'likely' });
    expect(diagnosis.causes[0]?.fix).toContain(`--resource-arn ${GATEWAY}`);
  });

  it('checks both harness policies first for a denied InvokeHarness, the endpoint named in its fix', () => {
    const action = 'bedrock-agentcore:InvokeHarness';
    const error = sdkError('AccessDeniedException', noResourcePolicy(SESSION, action, HARNESS), 403);
    const diagnosis = diagnoseAccessDenied(error, { qualifier: 'prod' });
    // AWS named the harness itself: its own policy is likely; the endpoint's and the companion next.
    expect(diagnosis.causes.slice(0, 3).map((c) => c.code)).toEqual([
      'harness-policy-missing',
      'harness-endpoint-policy-missing',
      'harness-missing-invoke-runtime',
    ]);
    expect(diagnosis.causes[0]?.confidence).toBe('likely');
    expect(diagnosis.causes[1]?.fix).toContain(`${HARNESS}/harness-endpoint/prod`);
  });

  it('suspects the missing InvokeAgentRuntime first when AWS names it on a harness ARN', () => {
    const error = sdkError('AccessDeniedException', noResourcePolicy(SESSION, INVOKE, HARNESS), 403);
    expect(diagnoseAccessDenied(error).causes[0]?.code).toBe('harness-missing-invoke-runtime');
  });
});
