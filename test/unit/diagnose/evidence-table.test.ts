/**
 * The diagnosis, evidence first: one table over every cause code × the evidence that proves it
 * (AWS's wording × the ARN it names × the policies given or not). Each row asserts the first cause
 * and its confidence; every row asserts the order (proven, likely, possible, then ruled out: no
 * ruled-out cause before a possible one). The two real situations of issue 14 are fixtures of
 * their own: the field report's literal gotcha-4 policy (which IAM allows) and the endpoint-ARN
 * denial AWS really sent (FACTS.md, "Which ARN is named").
 */
import { describe, expect, it } from 'vitest';
import { diagnoseAccessDenied } from '../../../src/diagnose/diagnose.js';
import { diagnosisMessage } from '../../../src/diagnose/summary.js';
import type { CauseConfidence, Diagnosis, DiagnosisContext } from '../../../src/diagnose/types.js';
import { CAUSE_CODES } from '../../../src/policy/codes.js';
import { explainAccess } from '../../../src/policy/evaluate/explain.js';
import type { AccessPolicies, AccessRequest } from '../../../src/policy/evaluate/types.js';
import type { CauseCode, PolicyDocument, Statement } from '../../../src/policy/types.js';
import { accessDeniedMessage } from '../../../src/testing/access.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  MEMORY_ARN,
  MEMORY_ID,
  RUNTIME_ARN,
} from '../../fixtures/arns.js';
import {
  type BrokenSetup,
  callerPolicy,
  gotchaSetups,
  INVOKE,
  otherFixableSetups,
  seedResourcePolicy,
  workingPolicies,
} from '../../fixtures/broken-setups.js';
import { loadSeed } from '../../fixtures/seeds/index.js';

const SESSION = `arn:aws:sts::${ACCOUNT_B}:assumed-role/the-caller-role/s1`;
const FOR_USER = 'bedrock-agentcore:InvokeAgentRuntimeForUser';
const ORDER: Readonly<Record<CauseConfidence, number>> = {
  proven: 0,
  likely: 1,
  possible: 2,
  'ruled-out': 3,
};

function messageOf(error: unknown): string {
  return typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
}

function implicit(principal: string, action: string, arn: string, type: string): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${arn} because no ${type} policy allows the ${action} action`;
}
function explicit(principal: string, action: string, arn: string, type: string): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${arn} with an explicit deny in a ${type} policy`;
}
function sdkError(name: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** Proven, likely, possible, ruled out: in that order, never a ruled-out cause before another. */
function expectEvidenceOrder(diagnosis: Diagnosis): void {
  const ranks = diagnosis.causes.map((c) => ORDER[c.confidence]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  const firstRuledOut = diagnosis.causes.findIndex((c) => c.confidence === 'ruled-out');
  const lastPossible = diagnosis.causes.map((c) => c.confidence).lastIndexOf('possible');
  if (firstRuledOut >= 0) expect(firstRuledOut).toBeGreaterThan(lastPossible);
  expect(diagnosis.causes[0]?.confidence).not.toBe('ruled-out');
  for (const cause of diagnosis.causes) {
    expect(cause.evidence.length, cause.code).toBeGreaterThan(10);
    expect(cause.fix.length, cause.code).toBeGreaterThan(10);
  }
  expect(diagnosis.summary.length).toBeGreaterThan(10);
}

interface Row {
  name: string;
  error: unknown;
  context: DiagnosisContext;
  first: CauseCode;
  confidence: CauseConfidence;
}

const runtimeCall = (extra: DiagnosisContext = {}): DiagnosisContext => ({
  runtimeArn: RUNTIME_ARN,
  qualifier: 'DEFAULT',
  ...extra,
});
const deny = (statement: Partial<Statement> = {}): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'bedrock-agentcore:*', Resource: '*', ...statement }],
});
const allowNothing: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};

/** AWS's words for a setup: the ARN that failed and the policy type that failed it (the emulator's model). */
function awsWords(request: AccessRequest, policies: AccessPolicies): string {
  return accessDeniedMessage(request.principalArn, explainAccess(request, policies));
}

/** Rows from AWS's message and the call alone: no policies given. */
const MESSAGE_ROWS: Row[] = [
  {
    name: 'endpoint ARN, resource-based: the runtime passed, the endpoint has no policy',
    error: implicit(SESSION, INVOKE, ENDPOINT_ARN, 'resource-based'),
    context: runtimeCall(),
    first: 'endpoint-policy-missing',
    confidence: 'likely',
  },
  {
    name: 'runtime ARN, resource-based (aws/agentcore-cli#607)',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'resource-based'),
    context: runtimeCall(),
    first: 'runtime-policy-missing',
    confidence: 'likely',
  },
  {
    name: 'memory ARN, resource-based',
    error: implicit(SESSION, 'bedrock-agentcore:ListEvents', MEMORY_ARN, 'resource-based'),
    context: { memoryArn: MEMORY_ARN },
    first: 'memory-policy-missing',
    confidence: 'likely',
  },
  {
    name: 'endpoint ARN, identity-based: the identity policy misses the endpoint',
    error: implicit(SESSION, INVOKE, ENDPOINT_ARN, 'identity-based'),
    context: runtimeCall(),
    first: 'identity-missing-endpoint',
    confidence: 'likely',
  },
  {
    name: 'runtime ARN, identity-based: no identity policy allows the action',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'identity-based'),
    context: runtimeCall(),
    first: 'identity-missing-action',
    confidence: 'likely',
  },
  {
    name: 'ForUser, runtime ARN, resource-based: the resource policy lacks the user-id action',
    error: implicit(SESSION, FOR_USER, RUNTIME_ARN, 'resource-based'),
    context: runtimeCall({ userIdSent: true }),
    first: 'action-not-allowed',
    confidence: 'likely',
  },
  {
    name: 'explicit deny in an identity-based policy',
    error: explicit(SESSION, INVOKE, RUNTIME_ARN, 'identity-based'),
    context: runtimeCall(),
    first: 'explicit-deny',
    confidence: 'likely',
  },
  {
    name: 'the client called another region',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'resource-based'),
    context: runtimeCall({ region: 'us-east-1' }),
    first: 'region-mismatch',
    confidence: 'likely',
  },
  {
    name: "a bare memory id, named by AWS in the caller's own account",
    error: implicit(
      SESSION,
      'bedrock-agentcore:ListEvents',
      `arn:aws:bedrock-agentcore:eu-west-1:${ACCOUNT_B}:memory/${MEMORY_ID}`,
      'resource-based',
    ),
    context: { memoryArn: MEMORY_ID },
    first: 'memory-id-not-arn',
    confidence: 'likely',
  },
  {
    name: 'STS AccessDenied on the role to assume',
    error: sdkError(
      'AccessDenied',
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`,
      403,
    ),
    context: {
      accessMode: 'assume-role',
      roleArn: `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountAgentInvoker`,
    },
    first: 'assume-role-denied',
    confidence: 'likely',
  },
  {
    name: "RuntimeClientError 424: the runtime's execution role",
    error: sdkError(
      'RuntimeClientError',
      `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/Exec/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-1::foundation-model/m because no identity-based policy allows the bedrock:InvokeModel action`,
      424,
    ),
    context: runtimeCall(),
    first: 'execution-role-denied',
    confidence: 'likely',
  },
  {
    name: 'service control policy named',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'service control'),
    context: runtimeCall(),
    first: 'scp-not-allowed',
    confidence: 'likely',
  },
  {
    name: 'resource control policy, explicit deny',
    error: explicit(SESSION, INVOKE, RUNTIME_ARN, 'resource control'),
    context: runtimeCall(),
    first: 'rcp-denied',
    confidence: 'likely',
  },
  {
    name: 'permissions boundary named',
    error: implicit(SESSION, INVOKE, ENDPOINT_ARN, 'permissions boundary'),
    context: runtimeCall(),
    first: 'permissions-boundary-not-allowed',
    confidence: 'likely',
  },
  {
    name: 'session policy named',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'session'),
    context: runtimeCall(),
    first: 'session-policy-not-allowed',
    confidence: 'likely',
  },
  {
    name: 'VPC endpoint policy named',
    error: implicit(SESSION, INVOKE, RUNTIME_ARN, 'VPC endpoint'),
    context: runtimeCall(),
    first: 'vpc-endpoint-policy-not-allowed',
    confidence: 'likely',
  },
  {
    name: 'a bare message (no reason): the cross-account traps, hierarchical authorization first',
    error: `User: ${SESSION} is not authorized to perform: ${INVOKE} on resource: ${RUNTIME_ARN}`,
    context: runtimeCall(),
    first: 'endpoint-policy-missing',
    confidence: 'possible',
  },
];

/** Rows where the given policies prove the cause, with AWS's words for them. */
function policyRows(): Row[] {
  const setups: BrokenSetup[] = [...gotchaSetups(), ...otherFixableSetups()];
  const rows: Row[] = setups.map((setup) => ({
    name: `${setup.name}, policies given`,
    error: awsWords(setup.request, setup.policies),
    context: {
      // The call's target: a runtime or a memory has a field of its own; a gateway or harness is named by AWS.
      ...(setup.request.resourceArn === MEMORY_ARN
        ? { memoryArn: MEMORY_ARN }
        : setup.request.resourceArn === RUNTIME_ARN
          ? runtimeCall()
          : {}),
      operation: setup.request.action,
      policies: setup.policies,
    },
    first: setup.code,
    confidence: 'proven' as const,
  }));
  const request: AccessRequest = { principalArn: CALLER_ROLE_ARN, action: INVOKE, resourceArn: RUNTIME_ARN };
  const guarded = (extra: Partial<AccessPolicies>): AccessPolicies => ({ ...workingPolicies(), ...extra });
  const guardrails: Array<[string, CauseCode, AccessPolicies]> = [
    [
      'a Deny in the identity policy',
      'explicit-deny',
      guarded({ identity: [...workingPolicies().identity, deny()] }),
    ],
    ['an SCP level that allows nothing of it', 'scp-not-allowed', guarded({ scp: [allowNothing] })],
    ['an RCP that denies', 'rcp-denied', guarded({ rcp: [deny({ Principal: '*' })] })],
    [
      'a permissions boundary',
      'permissions-boundary-not-allowed',
      guarded({ permissionsBoundary: allowNothing }),
    ],
    ['a session policy', 'session-policy-not-allowed', guarded({ sessionPolicy: allowNothing })],
    [
      'a VPC endpoint policy',
      'vpc-endpoint-policy-not-allowed',
      guarded({ vpcEndpoint: { vpcEndpointId: 'vpce-0123456789abcdef0', document: allowNothing } }),
    ],
  ];
  for (const [name, code, policies] of guardrails) {
    rows.push({
      name: `${name}, policies given`,
      error: awsWords(request, policies),
      context: { ...runtimeCall(), policies },
      first: code,
      confidence: 'proven',
    });
  }
  return rows;
}

describe('the first cause, per cause code and evidence', () => {
  const rows = [...MESSAGE_ROWS, ...policyRows()];

  it('covers every cause code that can explain a denial', () => {
    const covered = new Set(rows.map((r) => r.first));
    // Least-privilege warnings, not denials: no evidence of a denial points at them.
    const warnings: CauseCode[] = ['broad-principal', 'mixed-read-write'];
    expect(CAUSE_CODES.filter((code) => !covered.has(code)).sort()).toEqual(warnings.sort());
  });

  it.each(rows)('$name → $first ($confidence)', (row) => {
    const diagnosis = diagnoseAccessDenied(row.error, row.context);
    expect(diagnosis.causes[0]?.code).toBe(row.first);
    expect(diagnosis.causes[0]?.confidence).toBe(row.confidence);
    expect(diagnosis.proven).toBe(row.confidence === 'proven');
    expectEvidenceOrder(diagnosis);
    // Least-privilege warnings never rank as the cause of a denial.
    expect(diagnosis.causes.map((c) => c.code)).not.toContain('broad-principal');
    // The error message says each thing once (the summary's "AWS named …" opened the evidence too).
    const message = diagnosisMessage(diagnosis, messageOf(row.error), 'InvokeAgentRuntime');
    const said = message
      .slice(0, message.indexOf(' AWS said: '))
      .split(/(?<=\.) (?=[A-Z])/)
      .map((t) => t.replace(/\.$/, ''))
      .filter((t) => t.length >= 40);
    expect(said.filter((t) => message.split(t).length > 2)).toEqual([]);
  });

  it.each(gotchaSetups())('$name, AWS’s words without the policies: AWS’s evidence leads', (setup) => {
    const words = awsWords(setup.request, setup.policies);
    const diagnosis = diagnoseAccessDenied(words, runtimeCall());
    expectEvidenceOrder(diagnosis);
    expect(diagnosis.causes[0]?.confidence).toBe('likely');
    // The setup's own cause is among those to check, never ruled out.
    const own = diagnosis.causes.find((c) => c.code === setup.code);
    expect(own?.confidence).not.toBe('ruled-out');
  });

  it.each(gotchaSetups())('$name, policies given: the plan fixes it (diagnosis.fix)', (setup) => {
    const diagnosis = diagnoseAccessDenied(awsWords(setup.request, setup.policies), {
      ...runtimeCall(),
      policies: setup.policies,
    });
    expect(diagnosis.fix?.explanation.decision).toBe('allow');
    expect(diagnosis.fix?.changes.map((c) => c.code)).toEqual([setup.code]);
  });
});

describe('the two real situations of issue 14', () => {
  it("the field report's literal gotcha-4 policy: IAM allows it, so the diagnosis states the contradiction and lint leads", () => {
    const literal = (loadSeed('seed-000-gotcha4-broken-resources') as { Resource: string[] }).Resource;
    const policies: AccessPolicies = { ...workingPolicies(), identity: [callerPolicy(literal)] };
    // What the report says AWS answered: the runtime ARN, "no resource-based policy allows".
    const diagnosis = diagnoseAccessDenied(implicit(CALLER_ROLE_ARN, INVOKE, RUNTIME_ARN, 'resource-based'), {
      ...runtimeCall(),
      policies,
    });
    expect(diagnosis.evaluatedDecision).toBe('allow');
    expect(diagnosis.contradiction).toBe(true);
    expect(diagnosis.proven).toBe(false);
    expect(diagnosis.summary).toContain('The given policies allow this request, yet AWS denied it');
    expect(diagnosis.summary).toMatch(/SCP, RCP, permissions boundary, session or VPC endpoint policy/);
    expect(diagnosis.summary).toMatch(/another region, qualifier or user id/);
    // The lint error of the given identity policy (its endpoint entry in Account B) leads.
    expect(diagnosis.causes[0]).toMatchObject({ code: 'identity-wrong-account', confidence: 'likely' });
    expect(diagnosis.causes[0]?.evidence).toContain('Lint of the given policies');
    // The endpoint policy is attached and allows: not first, and ruled out by the given policies.
    expect(diagnosis.causes[0]?.code).not.toBe('endpoint-policy-missing');
    expect(diagnosis.causes.find((c) => c.code === 'endpoint-policy-missing')?.confidence).toBe('ruled-out');
    // What a contradiction implies is listed: the policy types not given, the region.
    const possible = diagnosis.causes.filter((c) => c.confidence === 'possible').map((c) => c.code);
    expect(possible).toEqual(expect.arrayContaining(['scp-not-allowed', 'rcp-denied', 'region-mismatch']));
    expectEvidenceOrder(diagnosis);
  });

  it('the denial AWS really sent (endpoint ARN, no identity-based policy): identity-missing-endpoint first', () => {
    // FACTS.md, "Which ARN is named": a live capture, same account, identity policy on the runtime only.
    const message =
      'User: arn:aws:sts::166827918465:assumed-role/AgentCoreRuntime-m7-callerc-7c4e/BedrockAgentCore-x is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: arn:aws:bedrock-agentcore:us-east-1:166827918465:runtime/m7peerb7c4e_runtime-WPEH9FF1C8/runtime-endpoint/DEFAULT because no identity-based policy allows the bedrock-agentcore:InvokeAgentRuntime action';
    const diagnosis = diagnoseAccessDenied(sdkError('AccessDeniedException', message, 403), {
      operation: 'InvokeAgentRuntime',
    });
    expect(diagnosis.causes[0]).toMatchObject({ code: 'identity-missing-endpoint', confidence: 'likely' });
    const codes = diagnosis.causes.map((c) => c.code);
    expect(codes.indexOf('identity-missing-endpoint')).toBeLessThan(codes.indexOf('identity-missing-action'));
    // The runtime passed: its resource policy and the action itself are ruled out.
    expect(diagnosis.causes.find((c) => c.code === 'identity-missing-action')?.confidence).toBe('ruled-out');
    expect(diagnosis.summary).toContain('runtime-endpoint/DEFAULT');
    expectEvidenceOrder(diagnosis);
  });

  it('partial policies (the resource side read live, the identity side unknown) never blame what they verified', () => {
    const policies = workingPolicies();
    const diagnosis = diagnoseAccessDenied(implicit(SESSION, INVOKE, ENDPOINT_ARN, 'identity-based'), {
      ...runtimeCall(),
      policies: { resource: policies.resource },
      policySource: 'read-live',
    });
    const resourceSide: CauseCode[] = [
      'endpoint-policy-missing',
      'runtime-policy-missing',
      'principal-not-allowed',
    ];
    for (const code of resourceSide) {
      expect(diagnosis.causes.find((c) => c.code === code)?.confidence, code).toBe('ruled-out');
    }
    expect(diagnosis.causes.find((c) => c.code === 'endpoint-policy-missing')?.evidence).toContain(
      'read live',
    );
    expect(diagnosis.causes[0]).toMatchObject({ code: 'identity-missing-endpoint', confidence: 'likely' });
    expect(diagnosis.fix).toBeUndefined();
    expectEvidenceOrder(diagnosis);
  });

  it('AWS blaming a side the given policies allow there: said in the summary', () => {
    const setup = gotchaSetups()[0] as BrokenSetup;
    // The endpoint has no policy (gotcha 1), yet AWS blames the identity side on the endpoint.
    const diagnosis = diagnoseAccessDenied(implicit(SESSION, INVOKE, ENDPOINT_ARN, 'identity-based'), {
      ...runtimeCall(),
      policies: setup.policies,
    });
    expect(diagnosis.causes[0]).toMatchObject({ code: 'endpoint-policy-missing', confidence: 'proven' });
    expect(diagnosis.summary).toContain(
      `Yet AWS blames the identity-based policy on ${ENDPOINT_ARN}, which the identity policies given allow`,
    );
    expectEvidenceOrder(diagnosis);
  });

  it('the error message carries the contradiction', async () => {
    const { diagnosisMessage } = await import('../../../src/diagnose/summary.js');
    const aws = implicit(CALLER_ROLE_ARN, INVOKE, RUNTIME_ARN, 'resource-based');
    const diagnosis = diagnoseAccessDenied(aws, {
      ...runtimeCall(),
      policies: {
        ...workingPolicies(),
        resource: {
          [RUNTIME_ARN]: seedResourcePolicy(RUNTIME_ARN),
          [ENDPOINT_ARN]: seedResourcePolicy(ENDPOINT_ARN),
        },
      },
    });
    const message = diagnosisMessage(diagnosis, aws, 'InvokeAgentRuntime');
    expect(message).toContain('yet the given policies allow it');
    expect(message).toContain('The given policies allow this request, yet AWS denied it');
  });
});
