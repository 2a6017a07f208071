/**
 * The evidence of a denial, one source at a time, as verdicts on cause codes: what AWS's message
 * says (the ARN it names, the policy type, implicit or explicit), and what the policies given (or
 * read live) say once evaluated and linted. Each verdict is a confidence and the evidence for it;
 * the diagnosis (./diagnosis.ts) weighs them and orders the causes. Pure; the evaluator, the linter
 * and the planner are passed in (./types.ts `DiagnosisEngine`), never imported.
 * @internal
 */
import { arnAccountId, arnRegion } from '../arn/fields.js';
import { isAgentCoreArn, parseArn } from '../arn/parse.js';
import { isCauseCode } from '../policy/codes.js';
import type {
  AccessPolicies,
  AccessRequest,
  ArnEvaluation,
  Explanation,
  PolicyKind,
} from '../policy/evaluate/types.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { CauseCode, Finding } from '../policy/types.js';
import type { ParsedAccessDenied } from './message.js';
import type { CauseConfidence, DiagnosisContext, DiagnosisEngine } from './types.js';

/** A verdict on one code from one source of evidence. @internal */
export interface Verdict {
  code: CauseCode;
  confidence: CauseConfidence;
  evidence: string;
  /** A fix worded for this case (the evaluator's or the linter's); else the catalogue's. */
  fix?: string;
  resourceArn?: string;
}

/** Which AgentCore resource an ARN names, read with the validating parser. @internal */
export type NamedKind =
  | 'runtime'
  | 'runtime-endpoint'
  | 'harness'
  | 'harness-endpoint'
  | 'gateway'
  | 'memory'
  | 'other';

/** The kind of the ARN AWS named, and an endpoint's name. @internal */
export function namedKind(arn: string | undefined): { kind: NamedKind | undefined; endpoint?: string } {
  if (arn === undefined) return { kind: undefined };
  if (!isAgentCoreArn(arn)) return { kind: 'other' };
  const parsed = parseArn(arn);
  if (parsed.resourceType === 'runtime-endpoint' || parsed.resourceType === 'harness-endpoint')
    return { kind: parsed.resourceType, endpoint: parsed.endpointName };
  const { resourceType } = parsed;
  if (
    resourceType === 'runtime' ||
    resourceType === 'harness' ||
    resourceType === 'gateway' ||
    resourceType === 'memory'
  )
    return { kind: resourceType };
  return { kind: 'other' };
}

/** The codes of a missing policy on a parent (runtime, harness) and on its endpoint. */
const MISSING: Readonly<Record<'runtime' | 'harness', { parent: CauseCode; endpoint: CauseCode }>> = {
  runtime: { parent: 'runtime-policy-missing', endpoint: 'endpoint-policy-missing' },
  harness: { parent: 'harness-policy-missing', endpoint: 'harness-endpoint-policy-missing' },
};

/** The codes of the owner's resource policies. @internal */
export const RESOURCE_SIDE: readonly CauseCode[] = [
  'runtime-policy-missing',
  'endpoint-policy-missing',
  'memory-policy-missing',
  'gateway-policy-missing',
  'harness-policy-missing',
  'harness-endpoint-policy-missing',
  'resource-wildcard',
  'resource-mismatch',
  'source-account-condition',
  'principal-not-allowed',
  'action-not-allowed',
];
/** The codes of the caller's identity policies. @internal */
export const IDENTITY_SIDE: readonly CauseCode[] = [
  'identity-missing-action',
  'identity-missing-endpoint',
  'identity-wrong-account',
];

/** What the message facts are, for the verdicts on them. @internal */
export interface MessageFacts {
  parsed: Partial<ParsedAccessDenied>;
  action: string | undefined;
  hierarchical: boolean;
  crossAccount: boolean | undefined;
  callerAccount: string | undefined;
  /** True for InvokeAgentRuntimeForUser, or a call that sent a user id: its own action to grant. */
  forUser: boolean;
}

/**
 * What AWS's message says about each code. AWS names the ARN that failed (for a runtime action
 * the runtime is authorized first, then its endpoint: FACTS.md, "Which ARN is named") and the one
 * policy type that failed it; "because no … allows" is an implicit deny. So an endpoint ARN means
 * the runtime was authorized on both sides, the policy type points at a side, and an implicit
 * deny rules out a Deny statement.
 * @internal
 */
export function messageVerdicts(facts: MessageFacts): Verdict[] {
  const { parsed, action } = facts;
  const out: Verdict[] = [];
  const named = parsed.resourceArn;
  const { kind } = namedKind(named);
  const type = parsed.policyType;
  /** `AWS named X, with no T policy allowing`: what the message says, worded once. */
  const said = (arn: string) => `AWS named ${arn}, with no ${type ?? ''} policy allowing`;
  const verdict = (code: CauseCode, confidence: CauseConfidence, evidence: string): void => {
    const v: Verdict = { code, confidence, evidence };
    if (named !== undefined) v.resourceArn = named;
    out.push(v);
  };
  if (parsed.denialType === 'implicit') {
    verdict(
      'explicit-deny',
      'ruled-out',
      'AWS reports an implicit deny ("because no … policy allows"): no Deny statement matched.',
    );
  }
  if (named === undefined || type === undefined || parsed.denialType === 'explicit') return out;
  // InvokeHarness is checked with InvokeAgentRuntime: AWS naming that action on a harness means
  // InvokeHarness passed and its companion did not.
  if (
    (kind === 'harness' || kind === 'harness-endpoint') &&
    action?.toLowerCase() === 'bedrock-agentcore:invokeagentruntime'
  ) {
    verdict(
      'harness-missing-invoke-runtime',
      'likely',
      `AWS named ${action} on the harness ${named}: InvokeHarness passed and its companion, which AWS requires with it, did not.`,
    );
  }
  // A runtime or a harness, and its endpoints: the parent is authorized first.
  const parentType = kind === 'harness' || kind === 'harness-endpoint' ? 'harness' : 'runtime';
  const endpointNamed = facts.hierarchical && (kind === 'runtime-endpoint' || kind === 'harness-endpoint');
  const runtimeNamed = facts.hierarchical && (kind === 'runtime' || kind === 'harness');
  const codes = MISSING[parentType];
  if (endpointNamed) {
    const passed = `AWS named the endpoint ARN ${named}: the ${parentType} was authorized first and passed, on both sides.`;
    verdict(codes.parent, 'ruled-out', `${passed} The ${parentType}'s resource policy allows the caller.`);
    verdict(
      'identity-missing-action',
      'ruled-out',
      `${passed} The caller's identity policies allow ${action ?? 'the action'} on the ${parentType}, so the action is there.`,
    );
  }
  if (runtimeNamed && type === 'identity-based') {
    verdict(
      'identity-missing-endpoint',
      'ruled-out',
      `AWS named the ${parentType} ARN with no identity-based policy allowing: the identity side fails on the ${parentType} itself, not only on its endpoint.`,
    );
  }
  if (facts.forUser && (type === 'identity-based' || type === 'resource-based')) {
    const side = type === 'identity-based' ? 'identity' : 'resource';
    verdict(
      side === 'identity' ? 'identity-missing-action' : 'action-not-allowed',
      'likely',
      `${said(named)}, for a call with a user id: it needs InvokeAgentRuntimeForUser (as well as InvokeAgentRuntime), which a ${side} policy granting InvokeAgentRuntime alone does not allow.`,
    );
  }
  if (type === 'identity-based') {
    const where = endpointNamed
      ? `${said(`the endpoint ARN ${named}`)}: the identity policies allow the ${parentType} but not its endpoint.`
      : `${said(named)}: no identity policy of the caller allows ${action ?? 'the action'} on it.`;
    if (endpointNamed) verdict('identity-missing-endpoint', 'likely', where);
    else verdict('identity-missing-action', 'likely', where);
    if (facts.crossAccount !== false) {
      verdict(
        'identity-wrong-account',
        'likely',
        `${where} An entry in another account than the owner's (the caller's own, typically) is the usual reason (gotcha 4).`,
      );
    }
    return out;
  }
  if (type === 'resource-based') {
    const missing: CauseCode | undefined = endpointNamed
      ? codes.endpoint
      : runtimeNamed
        ? codes.parent
        : kind === 'memory'
          ? 'memory-policy-missing'
          : kind === 'gateway'
            ? 'gateway-policy-missing'
            : undefined;
    if (missing !== undefined) {
      verdict(
        missing,
        'likely',
        endpointNamed
          ? `${said(`the endpoint ARN ${named}`)}: the ${parentType} passed, and no resource policy on the endpoint allows the caller (hierarchical authorization: gotcha 1).`
          : `${said(named)}: no resource policy on it allows the caller.`,
      );
    }
  }
  if (kind === 'memory' && facts.callerAccount !== undefined && arnAccountId(named) === facts.callerAccount) {
    verdict(
      'memory-id-not-arn',
      'likely',
      `AWS named ${named}, a memory in the caller's own account ${facts.callerAccount}: a bare memory id resolves there.`,
    );
  }
  return out;
}

/** The call's target as the caller gave it: the runtime, else a memory by its full ARN. @internal */
export function targetOf(context: DiagnosisContext): string | undefined {
  if (context.runtimeArn !== undefined) return context.runtimeArn;
  if (context.memoryArn?.startsWith('arn:')) return context.memoryArn;
  return undefined;
}

/** The request a diagnosis evaluates, from the message and the context. @internal */
export function requestOf(
  context: DiagnosisContext,
  principalArn: string | undefined,
  action: string | undefined,
  namedArn: string | undefined,
): AccessRequest | undefined {
  if (principalArn === undefined || action === undefined) return undefined;
  const target = targetOf(context) ?? namedArn;
  if (target === undefined) return undefined;
  // On a harness, InvokeAgentRuntime is checked as InvokeHarness's companion: the call was InvokeHarness.
  const { kind } = namedKind(target);
  const harnessCall =
    (kind === 'harness' || kind === 'harness-endpoint') &&
    action.toLowerCase() === 'bedrock-agentcore:invokeagentruntime';
  const request: AccessRequest = {
    principalArn,
    action: harnessCall ? 'bedrock-agentcore:InvokeHarness' : action,
    resourceArn: target,
  };
  // The endpoint AWS named tells which qualifier was called.
  const qualifier = context.qualifier ?? namedKind(namedArn).endpoint;
  if (qualifier !== undefined) request.qualifier = qualifier;
  const requestContext = { ...context.requestContext };
  if (context.region !== undefined && requestContext['aws:RequestedRegion'] === undefined)
    requestContext['aws:RequestedRegion'] = context.region;
  if (Object.keys(requestContext).length > 0) request.context = requestContext;
  return request;
}

/** What the policies say: the evaluation and the verdicts drawn from it. @internal */
export interface PolicyEvidence {
  explanation: Explanation;
  /** False when the caller's identity policies were not known (the identity side is not judged). */
  identityKnown: boolean;
  /** True when doctor read the policies live (rather than the caller giving them). */
  readLive: boolean;
  verdicts: Verdict[];
  /** Lint errors of the given policies (cause codes only), as likely causes. */
  lint: Verdict[];
}

function policyName(kind: PolicyKind | undefined): string {
  return kind === 'identity' ? 'identity policies' : 'resource policy';
}

/** The ARNs of evaluations, each once (a harness evaluates two actions on each). */
function arnsOf(evaluations: readonly ArnEvaluation[]): string[] {
  return [...new Set(evaluations.map((e) => e.resourceArn))];
}

/** The identity policies of one ARN's evaluation allow the action. */
function identityAllows(e: ArnEvaluation): boolean {
  return e.policies.some((p) => p.kind === 'identity' && p.result === 'allow');
}

/**
 * Evaluates the policies known (the caller's identity side may be unknown) and draws the verdicts:
 * proven causes of a denial, and the codes the evaluation rules out (a side that allows on every
 * ARN it concerns). Never throws: unreadable policies give no evidence.
 * @internal
 */
export function policyVerdicts(
  request: AccessRequest,
  context: DiagnosisContext,
  engine: DiagnosisEngine,
): PolicyEvidence | undefined {
  const given = context.policies;
  if (given === undefined) return undefined;
  const identityKnown = given.identity !== undefined;
  const policies: AccessPolicies = { ...given, identity: given.identity ?? [] };
  let explanation: Explanation;
  try {
    explanation = engine.explain(request, policies);
  } catch {
    // Policies or ARNs the evaluator cannot read: no evidence from them, never a failed diagnosis.
    return undefined;
  }
  const source = context.policySource === 'read-live' ? 'read live' : 'given';
  const verdicts: Verdict[] = [];
  const evaluations = explanation.evaluations;
  if (explanation.decision !== 'allow') {
    for (const c of explanation.causes) {
      // Without the identity policies, only the resource side and the guardrails given are proven.
      if (!identityKnown && (c.policyKind === 'identity' || IDENTITY_SIDE.includes(c.code))) continue;
      const v: Verdict = {
        code: c.code,
        confidence: 'proven',
        evidence: `${c.message} (policies ${source})`,
        fix: c.fix,
      };
      if (c.resourceArn !== undefined) v.resourceArn = c.resourceArn;
      verdicts.push(v);
    }
  }
  // What the evaluation rules out: a side that allows on every ARN the code concerns.
  const ownType: Partial<Record<CauseCode, ArnEvaluation['resourceType']>> = {
    'runtime-policy-missing': 'runtime',
    'endpoint-policy-missing': 'runtime-endpoint',
    'memory-policy-missing': 'memory',
    'gateway-policy-missing': 'gateway',
    'harness-policy-missing': 'harness',
    'harness-endpoint-policy-missing': 'harness-endpoint',
  };
  const concerns = (code: CauseCode): ArnEvaluation[] => {
    const type = ownType[code];
    return evaluations.filter((e) => type === undefined || e.resourceType === type);
  };
  for (const code of RESOURCE_SIDE) {
    const on = concerns(code);
    if (on.length === 0 || !on.every((e) => e.resourceAllows)) continue;
    verdicts.push({
      code,
      confidence: 'ruled-out',
      evidence: `The ${policyName('resource')} ${source} on ${arnsOf(on).join(' and ')} allow${arnsOf(on).length === 1 ? 's' : ''} ${request.action} to the caller.`,
    });
  }
  if (identityKnown && evaluations.every(identityAllows)) {
    for (const code of IDENTITY_SIDE) {
      verdicts.push({
        code,
        confidence: 'ruled-out',
        evidence: `The ${policyName('identity')} ${source} allow ${request.action} on ${arnsOf(evaluations).join(' and ')}.`,
      });
    }
  }
  return {
    explanation,
    identityKnown,
    readLive: context.policySource === 'read-live',
    verdicts,
    lint: lintVerdicts(request, context, engine),
  };
}

/**
 * The linter's target for the ARN of a request, by its resource type: a runtime or a harness
 * (with the endpoint called), a gateway or a memory. A gateway or harness read as a runtime made
 * the linter refuse the target, and its findings were lost.
 */
function lintTargetOf(arn: string, qualifier: string): LintTarget {
  switch (parseArn(arn).resourceType) {
    case 'memory':
      return { memoryArn: arn };
    case 'gateway':
      return { gatewayArn: arn };
    case 'harness':
    case 'harness-endpoint':
      return { harnessArn: arn, qualifiers: [qualifier] };
    default:
      return { runtimeArn: arn, qualifiers: [qualifier] };
  }
}

/** Lint errors of the given policies, as likely causes (cause codes only). */
function lintVerdicts(request: AccessRequest, context: DiagnosisContext, engine: DiagnosisEngine): Verdict[] {
  const given = context.policies;
  if (engine.lint === undefined || given === undefined) return [];
  let findings: Finding[];
  try {
    findings = engine.lint({
      targets: [lintTargetOf(request.resourceArn, request.qualifier ?? 'DEFAULT')],
      resourcePolicies: given.resource,
      ...(given.identity === undefined ? {} : { identityPolicies: given.identity }),
      callerArn: request.principalArn,
    });
  } catch {
    return [];
  }
  const out: Verdict[] = [];
  for (const f of findings) {
    if (f.severity !== 'error' || !isCauseCode(f.code)) continue;
    const where = f.policyArn === undefined ? '' : ` (${f.policyArn}${f.path === '' ? '' : ` at ${f.path}`})`;
    const v: Verdict = {
      code: f.code,
      confidence: 'likely',
      evidence: `Lint of the given policies${where}: ${f.message}`,
    };
    if (f.fix !== undefined) v.fix = f.fix;
    if (f.policyArn !== undefined) v.resourceArn = f.policyArn;
    out.push(v);
  }
  return out;
}

/**
 * What a contradiction implies (the given policies allow, AWS denied): a policy type not given
 * denies, or the call differs from the one evaluated. Each a possible cause.
 * @internal
 */
export function contradictionVerdicts(
  context: DiagnosisContext,
  request: AccessRequest,
  callerIsSession: boolean,
): Verdict[] {
  const p: DiagnosisContext['policies'] = context.policies ?? { resource: {} };
  const out: Verdict[] = [];
  const notGiven = (code: CauseCode, what: string): void => {
    out.push({
      code,
      confidence: 'possible',
      evidence: `The given policies allow the request, and no ${what} was given: one in force may deny it.`,
    });
  };
  if (p.scp === undefined) notGiven('scp-not-allowed', 'service control policy');
  if (p.rcp === undefined) notGiven('rcp-denied', 'resource control policy');
  if (p.permissionsBoundary === undefined)
    notGiven('permissions-boundary-not-allowed', 'permissions boundary');
  if (p.sessionPolicy === undefined && callerIsSession)
    notGiven('session-policy-not-allowed', 'session policy');
  if (p.vpcEndpoint === undefined) notGiven('vpc-endpoint-policy-not-allowed', 'VPC endpoint policy');
  const region = arnRegion(request.resourceArn);
  if (context.region === undefined || context.region !== region) {
    out.push({
      code: 'region-mismatch',
      confidence: 'possible',
      evidence: `The given policies allow the request in ${region ?? "the resource's region"}; a call to another region is denied.`,
    });
  }
  return out;
}
