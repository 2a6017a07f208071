/**
 * The diagnosis behind `diagnoseAccessDenied`, evidence first: from an AccessDenied (and whatever
 * the caller knows about the call) to causes that each carry a confidence and the evidence for
 * it. The facts it weighs, strongest first:
 *
 * 1. the given (or live-read) policies, evaluated: the causes of a denial are `proven`; a side that
 *    allows rules its causes out. When they allow what AWS denied, that contradiction is stated;
 * 2. their lint errors: `likely`, and first when the policies contradict AWS;
 * 3. AWS's message: the ARN it names (an endpoint ARN means the runtime passed), the policy type,
 *    implicit or explicit; the error type (a 424 is the runtime's execution role); the regions, a
 *    bare memory id: `likely`, or `ruled-out`;
 * 4. the known traps of this kind of call: `possible`.
 *
 * Order: proven, likely, possible, then ruled out (never first); within a confidence, by the
 * source's own order, then the code catalogue's rank. Pure: it never calls AWS, and it does not
 * import the evaluator, so the client's error path stays small (the engine is passed in).
 * @module
 */
import { arnAccountId, arnRegion, parentOfEndpoint } from '../arn/fields.js';
import {
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  isMemoryReadAction,
  isMemoryWriteAction,
} from '../policy/actions.js';
import { type CodeFacts, codeInfo } from '../policy/codes.js';
import type { CauseCode } from '../policy/types.js';
import { errorFacts } from './error-facts.js';
import {
  contradictionVerdicts,
  IDENTITY_SIDE,
  messageVerdicts,
  type PolicyEvidence,
  policyVerdicts,
  RESOURCE_SIDE,
  requestOf,
  targetOf,
  type Verdict,
} from './evidence.js';
import { causeOfPolicyType, type ParsedAccessDenied, parseAccessDeniedMessage } from './message.js';
import type {
  CauseConfidence,
  ChecklistItem,
  DeniedParty,
  Diagnosis,
  DiagnosisCause,
  DiagnosisContext,
  DiagnosisEngine,
} from './types.js';

const SERVICE = 'bedrock-agentcore';

// The traps of each kind of call, in the order to check them when nothing else is known. The
// seed's recap (two policies, exact Resource, no aws:SourceAccount, identity policy in the
// owner's account) comes first for a cross-account runtime call. After the missing policies, the
// same checks for every resource with a hierarchy (runtimes, harnesses); a gateway is one ARN and
// has no endpoint sub-path to miss.
const POLICY_CHECKS: readonly CauseCode[] = [
  'resource-wildcard',
  'resource-mismatch',
  'source-account-condition',
  'identity-missing-endpoint',
  'identity-wrong-account',
  'principal-not-allowed',
  'action-not-allowed',
  'identity-missing-action',
  'region-mismatch',
  'explicit-deny',
];
const RUNTIME_CROSS_ACCOUNT: readonly CauseCode[] = [
  'endpoint-policy-missing',
  'runtime-policy-missing',
  ...POLICY_CHECKS,
];
const MEMORY_CROSS_ACCOUNT: readonly CauseCode[] = [
  'memory-policy-missing',
  'memory-id-not-arn',
  'principal-not-allowed',
  'action-not-allowed',
  'source-account-condition',
  'identity-wrong-account',
  'identity-missing-action',
  'resource-mismatch',
  'resource-wildcard',
  'region-mismatch',
  'explicit-deny',
];
// Within one account an identity policy alone grants (assume-role mode lands here: the session
// of the role in Account A calls its own account's runtime).
const RUNTIME_SAME_ACCOUNT: readonly CauseCode[] = [
  'identity-missing-action',
  'identity-missing-endpoint',
  'region-mismatch',
  'explicit-deny',
];
const MEMORY_SAME_ACCOUNT: readonly CauseCode[] = [
  'identity-missing-action',
  'memory-id-not-arn',
  'region-mismatch',
  'explicit-deny',
];
const GATEWAY_CROSS_ACCOUNT: readonly CauseCode[] = [
  'gateway-policy-missing',
  ...POLICY_CHECKS.filter((code) => code !== 'identity-missing-endpoint'),
];
const HARNESS_CROSS_ACCOUNT: readonly CauseCode[] = [
  'harness-endpoint-policy-missing',
  'harness-policy-missing',
  'harness-missing-invoke-runtime',
  ...POLICY_CHECKS,
];
const HARNESS_SAME_ACCOUNT: readonly CauseCode[] = [
  'identity-missing-action',
  'harness-missing-invoke-runtime',
  'identity-missing-endpoint',
  'region-mismatch',
  'explicit-deny',
];
const OTHER: readonly CauseCode[] = [
  'identity-missing-action',
  'principal-not-allowed',
  'action-not-allowed',
  'explicit-deny',
];
const IDENTITY_CODES: ReadonlySet<CauseCode> = new Set([
  'identity-missing-action',
  'identity-missing-endpoint',
  'identity-wrong-account',
]);
const FOR_USER_CODES: readonly CauseCode[] = ['identity-missing-action', 'action-not-allowed'];

const CONFIDENCE_ORDER: Readonly<Record<CauseConfidence, number>> = {
  proven: 0,
  likely: 1,
  possible: 2,
  'ruled-out': 3,
};

/**
 * `diagnoseAccessDenied`, with the engine passed in: without one, policies in the context are not
 * evaluated and the causes rest on AWS's message and the traps.
 * @internal
 */
export function diagnoseWith(
  error: unknown,
  context: DiagnosisContext,
  engine: DiagnosisEngine | undefined,
): Diagnosis {
  const facts = errorFacts(error);
  const parsed: Partial<ParsedAccessDenied> = { ...(parseAccessDeniedMessage(facts.message) ?? {}) };
  for (const [key, value] of Object.entries(facts.carried)) {
    if (value !== undefined && (parsed as Record<string, unknown>)[key] === undefined)
      (parsed as Record<string, unknown>)[key] = value;
  }
  const executionRole = facts.name === 'RuntimeClientError' || facts.status === 424;
  const action = parsed.action ?? actionOf(context.operation);
  const deniedParty: DeniedParty = executionRole
    ? 'execution-role'
    : action === 'sts:AssumeRole' || facts.name === 'AccessDenied'
      ? 'assume-role'
      : 'caller';
  const target = targetOf(context);
  const resourceArn =
    parsed.resourceArn ?? (deniedParty === 'assume-role' ? context.roleArn : undefined) ?? target;
  const principalArn = parsed.principalArn ?? context.principalArn;
  const callerAccount = arnAccountId(principalArn);
  // The execution role lives in the runtime's account; its denied resource may be anywhere.
  const ownerAccount = executionRole
    ? (arnAccountId(target) ?? callerAccount)
    : (arnAccountId(resourceArn) ?? arnAccountId(target));
  const crossAccount =
    callerAccount === undefined || ownerAccount === undefined ? undefined : callerAccount !== ownerAccount;
  const hierarchical =
    (action !== undefined && (isHierarchicalRuntimeAction(action) || isHierarchicalHarnessAction(action))) ||
    (action === undefined && context.runtimeArn !== undefined);

  const codeFacts = factsFor({ action, resourceArn, principalArn, callerAccount, ownerAccount, context });
  const diagnosis: Diagnosis = {
    action,
    resourceArn,
    principalArn,
    callerAccount,
    ownerAccount,
    crossAccount,
    policyType: parsed.policyType,
    denialType: parsed.denialType,
    deniedParty,
    proven: false,
    contradiction: false,
    summary: '',
    causes: [],
    checklist: [],
  };

  const order = checkOrder({ deniedParty, action, hierarchical, crossAccount, parsed, context, resourceArn });
  const verdicts: Verdict[] = [...factVerdicts({ deniedParty, parsed, context, resourceArn, codeFacts })];
  let policies: PolicyEvidence | undefined;
  if (deniedParty === 'caller') {
    verdicts.push(
      ...messageVerdicts({
        parsed,
        action,
        hierarchical,
        crossAccount,
        callerAccount,
        forUser:
          action?.endsWith(':InvokeAgentRuntimeForUser') === true ||
          (context.userIdSent === true && hierarchical),
      }),
    );
    const request = requestOf(context, principalArn, action, parsed.resourceArn);
    if (engine !== undefined && request !== undefined) {
      policies = policyVerdicts(request, context, engine);
      if (policies !== undefined) {
        diagnosis.evaluatedDecision = policies.explanation.decision;
        diagnosis.contradiction = policies.explanation.decision === 'allow';
        if (diagnosis.contradiction) {
          verdicts.push(
            ...contradictionVerdicts(context, request, principalArn?.includes(':assumed-role/') === true),
          );
        }
        if (engine.planFix !== undefined && policies.identityKnown && context.policies !== undefined) {
          try {
            diagnosis.fix = engine.planFix(
              request,
              { ...context.policies, identity: context.policies.identity ?? [] },
              context.identityPolicyNames === undefined
                ? {}
                : { identityPolicyNames: context.identityPolicyNames },
            );
          } catch {
            // A plan it cannot make is left out; the diagnosis stands.
          }
        }
      }
    }
  }
  diagnosis.causes = weigh({ verdicts, policies, order, codeFacts, contradiction: diagnosis.contradiction });
  // AWS names an explicit deny the given policies do not hold: the denying policy is not among
  // them. AWS's words prove that cause, and it leads; no change to these documents lifts it.
  const unseenDeny = parsed.denialType === 'explicit' && policies?.explanation.decision === 'implicit-deny';
  if (unseenDeny) {
    const evidence = `AWS reports an explicit deny${parsed.policyType === undefined ? '' : ` in a ${parsed.policyType} policy`}, and no Deny of the given policies applies: the denying policy is not among them.`;
    diagnosis.causes = [
      {
        code: 'explicit-deny',
        confidence: 'proven',
        evidence,
        fix: codeInfo('explicit-deny').fix(codeFacts),
        ...(parsed.resourceArn === undefined ? {} : { resourceArn: parsed.resourceArn }),
      },
      ...diagnosis.causes.filter((c) => c.code !== 'explicit-deny'),
    ];
    if (diagnosis.fix !== undefined && context.policies !== undefined) {
      const given = diagnosis.fix;
      diagnosis.fix = {
        policies: { ...context.policies, identity: context.policies.identity ?? [] },
        explanation: policies?.explanation ?? given.explanation,
        changes: [],
        blocked: {
          code: 'explicit-deny',
          reason: `${evidence} No change to these documents lifts it: find that policy (${parsed.policyType ?? "an SCP, RCP or the owner's"} Deny), then plan again with it.`,
          ...(parsed.resourceArn === undefined ? {} : { resourceArn: parsed.resourceArn }),
        },
      };
    }
  }
  diagnosis.proven = diagnosis.causes[0]?.confidence === 'proven';
  const listed = new Set<CauseCode>();
  for (const code of [...diagnosis.causes.map((c) => c.code), ...order]) {
    if (listed.has(code)) continue;
    listed.add(code);
    diagnosis.checklist.push({ code, check: codeInfo(code).check(codeFacts) } satisfies ChecklistItem);
  }
  diagnosis.summary = summaryOf(diagnosis, policies);
  if (unseenDeny) {
    // What the given policies prove besides, after the deny they do not hold.
    const besides = summaryOf({ ...diagnosis, causes: diagnosis.causes.slice(1) }, policies);
    diagnosis.summary = `AWS reports an explicit deny${parsed.policyType === undefined ? '' : ` in a ${parsed.policyType} policy`}, which the given policies do not hold: that policy denies whatever else is fixed. ${besides}`;
  }
  const conflict =
    policies === undefined || diagnosis.contradiction ? undefined : messageConflict(parsed, policies);
  if (conflict !== undefined) diagnosis.summary = `${diagnosis.summary} ${conflict}`;
  return diagnosis;
}

/**
 * Weighs the verdicts into ordered causes, one per code (a proven code once per ARN it is proven
 * on). On one code: a proof wins; then, when the given policies rule it out, that ruling (it is
 * direct evidence: doctor never blames what it has just verified), except in a contradiction,
 * where the policies in force are not these and AWS's message and lint say more about them; then
 * a lint error, AWS's message and the other facts, likely or ruled out; else the trap is possible.
 * Order: confidence first; proven causes in the evaluator's order, likely ones lint first then
 * the message's facts, possible and ruled-out ones in the checklist's order; ties by rank.
 */
function weigh(input: {
  verdicts: readonly Verdict[];
  policies: PolicyEvidence | undefined;
  order: readonly CauseCode[];
  codeFacts: CodeFacts;
  contradiction: boolean;
}): DiagnosisCause[] {
  const { policies, order, codeFacts, contradiction } = input;
  const fromPolicies = policies?.verdicts ?? [];
  const proven = fromPolicies.filter((v) => v.confidence === 'proven');
  const ruledByPolicies = new Map(
    fromPolicies.filter((v) => v.confidence === 'ruled-out').map((v) => [v.code, v] as const),
  );
  const lint = new Map<CauseCode, Verdict>();
  for (const v of policies?.lint ?? []) if (!lint.has(v.code)) lint.set(v.code, v);
  const facts = new Map<CauseCode, Verdict>();
  for (const v of input.verdicts) {
    const current = facts.get(v.code);
    if (current === undefined || CONFIDENCE_ORDER[v.confidence] < CONFIDENCE_ORDER[current.confidence])
      facts.set(v.code, v);
  }
  const provenCodes = new Set(proven.map((v) => v.code));
  // Once the policies of a side are evaluated and a cause is proven, AWS's guesses about that
  // side that the evaluation does not prove are no longer likely: possible.
  const judgedSides = new Set<CauseCode>(
    policies === undefined || contradiction || proven.length === 0
      ? []
      : [...RESOURCE_SIDE, ...(policies.identityKnown ? IDENTITY_SIDE : [])],
  );
  const codes = [
    ...new Set<CauseCode>([...lint.keys(), ...facts.keys(), ...ruledByPolicies.keys(), ...order]),
  ].filter((code) => !provenCodes.has(code));

  const judged: Array<{ verdict: Verdict; group: number; seq: number }> = proven.map((verdict, seq) => ({
    verdict,
    group: 0,
    seq,
  }));
  const orderIndex = (code: CauseCode): number => {
    const at = order.indexOf(code);
    return at < 0 ? order.length : at;
  };
  const lintOrder = [...lint.keys()];
  const factOrder = [...facts.keys()];
  for (const code of codes) {
    const ruled = ruledByPolicies.get(code);
    const fact = facts.get(code);
    const linted = lint.get(code);
    let verdict: Verdict;
    // What doctor has just read live is verified: never blamed, even when AWS's word disagrees.
    if (ruled !== undefined && (!contradiction || policies?.readLive === true)) verdict = ruled;
    else if (linted !== undefined) verdict = linted;
    else if (fact !== undefined && fact.confidence === 'likely' && judgedSides.has(code)) {
      verdict = {
        ...fact,
        confidence: 'possible',
        evidence: `${fact.evidence} The policies do not prove it.`,
      };
    } else if (fact !== undefined && fact.confidence === 'likely') verdict = fact;
    else if (fact !== undefined && fact.confidence === 'ruled-out') verdict = fact;
    else if (ruled !== undefined) {
      verdict = {
        ...ruled,
        evidence: `${ruled.evidence} That holds only if the given policies are the ones in force.`,
      };
    } else if (fact !== undefined) verdict = fact;
    else verdict = { code, confidence: 'possible', evidence: codeInfo(code).evidence(codeFacts) };
    const seq =
      verdict.confidence === 'likely'
        ? verdict === linted
          ? lintOrder.indexOf(code)
          : lintOrder.length + factOrder.indexOf(code)
        : orderIndex(code);
    judged.push({ verdict, group: CONFIDENCE_ORDER[verdict.confidence], seq });
  }
  return judged
    .sort(
      (a, b) =>
        a.group - b.group || a.seq - b.seq || codeInfo(a.verdict.code).rank - codeInfo(b.verdict.code).rank,
    )
    .map(({ verdict }) => {
      const cause: DiagnosisCause = {
        code: verdict.code,
        confidence: verdict.confidence,
        evidence: verdict.evidence,
        fix:
          verdict.fix ??
          codeInfo(verdict.code).fix({
            ...codeFacts,
            ...(verdict.resourceArn === undefined ? {} : { resourceArn: verdict.resourceArn }),
          }),
      };
      if (verdict.resourceArn !== undefined) cause.resourceArn = verdict.resourceArn;
      return cause;
    });
}

/**
 * When AWS's message blames a side that the given policies allow on the ARN it names, the
 * policies in force differ from these there: said, rather than silently preferring either.
 */
function messageConflict(parsed: Partial<ParsedAccessDenied>, policies: PolicyEvidence): string | undefined {
  const named = policies.explanation.evaluations.find((e) => e.resourceArn === parsed.resourceArn);
  if (named === undefined || parsed.denialType === 'explicit') return undefined;
  const identityAllows = named.policies.some((p) => p.kind === 'identity' && p.result === 'allow');
  const blamed =
    parsed.policyType === 'identity-based' && policies.identityKnown && identityAllows
      ? 'identity'
      : parsed.policyType === 'resource-based' && named.resourceAllows
        ? 'resource'
        : undefined;
  if (blamed === undefined) return undefined;
  return `Yet AWS blames the ${parsed.policyType} policy on ${named.resourceArn}, which the ${blamed} policies ${policies.readLive ? 'read live' : 'given'} allow: the ${blamed} policies in force there differ from these.`;
}

/** The one or two sentences of what is known. */
function summaryOf(d: Diagnosis, policies: PolicyEvidence | undefined): string {
  const [first] = d.causes;
  const named =
    d.resourceArn === undefined
      ? ''
      : ` AWS named ${d.resourceArn}${
          d.policyType === undefined
            ? ''
            : d.denialType === 'explicit'
              ? `, with an explicit deny in a ${d.policyType} policy`
              : `, with no ${d.policyType} policy allowing`
        }.`;
  if (d.contradiction) {
    const lead =
      first?.confidence === 'likely'
        ? ` Check first: ${first.code}${first.evidence.startsWith('Lint') ? ', a lint error of the given policies' : ''}.`
        : '';
    if (policies?.readLive === true) {
      return `The policies read live allow this request, yet AWS denied it: a policy type not read denies (SCP, RCP, permissions boundary, session or VPC endpoint policy), one changed since it was read, or the call differs (another region, qualifier or user id).${named}${lead}`;
    }
    return `The given policies allow this request, yet AWS denied it: the policies in force differ from these (one not attached, or changed since), or a policy type not given denies (SCP, RCP, permissions boundary, session or VPC endpoint policy), or the call differs (another region, qualifier or user id).${named}${lead}`;
  }
  if (first === undefined) return `Access denied.${named}`;
  if (first.confidence === 'proven') {
    const source = policies?.readLive === true ? 'read live' : 'given';
    return `Proven from the policies ${source}: ${first.code}${first.resourceArn === undefined ? '' : ` on ${first.resourceArn}`}.${named}`;
  }
  if (d.deniedParty === 'execution-role')
    return `The runtime's own execution role was denied, not the caller.${named}`;
  if (d.deniedParty === 'assume-role')
    return `sts:AssumeRole was denied: the caller never reached the runtime.${named}`;
  const basis =
    first.confidence === 'likely'
      ? named.trim()
      : `${named} Nothing points at one cause: the traps of this kind of call are listed.`.trim();
  return `${basis === '' ? `Most likely ${first.code}.` : basis} Give the policies to prove the cause.`;
}

function actionOf(operation: string | undefined): string | undefined {
  if (operation === undefined || operation === '') return undefined;
  if (operation.includes(':')) return operation;
  return operation === 'AssumeRole' ? 'sts:AssumeRole' : `${SERVICE}:${operation}`;
}

function factsFor(input: {
  action: string | undefined;
  resourceArn: string | undefined;
  principalArn: string | undefined;
  callerAccount: string | undefined;
  ownerAccount: string | undefined;
  context: DiagnosisContext;
}): CodeFacts {
  const { context } = input;
  const runtime = context.runtimeArn ?? input.resourceArn;
  // A harness has endpoints as a runtime has (…/harness-endpoint/NAME).
  const mark = runtime?.includes(':harness/') === true ? '/harness-endpoint/' : '/runtime-endpoint/';
  const endpointArn =
    runtime === undefined
      ? undefined
      : runtime.includes(mark)
        ? runtime
        : `${runtime}${mark}${context.qualifier ?? 'DEFAULT'}`;
  return {
    action: input.action,
    resourceArn:
      runtime !== undefined && input.resourceArn === undefined
        ? parentOfEndpoint(runtime)
        : input.resourceArn,
    endpointArn,
    principalArn: input.principalArn,
    callerAccount: input.callerAccount,
    ownerAccount: input.ownerAccount,
    region: arnRegion(input.resourceArn) ?? arnRegion(runtime),
    clientRegion: context.region,
    roleArn: context.roleArn ?? input.resourceArn,
  };
}

function isMemoryAction(action: string | undefined): boolean {
  if (action === undefined || !action.startsWith(`${SERVICE}:`)) return false;
  return isMemoryReadAction(action) || isMemoryWriteAction(action);
}

/** The traps of this kind of call, in the order to check them. */
function checkOrder(input: {
  deniedParty: DeniedParty;
  action: string | undefined;
  hierarchical: boolean;
  crossAccount: boolean | undefined;
  parsed: Partial<ParsedAccessDenied>;
  context: DiagnosisContext;
  resourceArn: string | undefined;
}): CauseCode[] {
  if (input.deniedParty === 'execution-role') return ['execution-role-denied'];
  if (input.deniedParty === 'assume-role') return ['assume-role-denied'];
  const { action, parsed, context } = input;
  const memory = isMemoryAction(action) || (action === undefined && context.memoryArn !== undefined);
  // InvokeHarness is denied as InvokeAgentRuntime when a grant lacks the companion action.
  const harness =
    (action !== undefined && isHierarchicalHarnessAction(action)) ||
    input.resourceArn?.includes(':harness/') === true;
  const runtime = input.hierarchical && !harness;
  const gateway = action?.toLowerCase() === `${SERVICE}:invokegateway`;
  // Unknown accounts: assume the cross-account case, the one this library exists for.
  const cross = input.crossAccount !== false;
  let order: CauseCode[] = [
    ...(harness
      ? cross
        ? HARNESS_CROSS_ACCOUNT
        : HARNESS_SAME_ACCOUNT
      : runtime
        ? cross
          ? RUNTIME_CROSS_ACCOUNT
          : RUNTIME_SAME_ACCOUNT
        : memory
          ? cross
            ? MEMORY_CROSS_ACCOUNT
            : MEMORY_SAME_ACCOUNT
          : gateway && cross
            ? GATEWAY_CROSS_ACCOUNT
            : OTHER),
  ];
  if (harness && action?.toLowerCase() === `${SERVICE}:invokeagentruntime`) {
    order = [
      'harness-missing-invoke-runtime',
      ...order.filter((c) => c !== 'harness-missing-invoke-runtime'),
    ];
  }
  if (
    parsed.policyType === 'identity-based' ||
    parsed.policyType === 'permissions-boundary' ||
    parsed.policyType === 'session'
  ) {
    order = [...order.filter((c) => IDENTITY_CODES.has(c)), ...order.filter((c) => !IDENTITY_CODES.has(c))];
  }
  // The user-id variant of invoke is its own action: a policy granting InvokeAgentRuntime alone denies it.
  if (action?.endsWith(':InvokeAgentRuntimeForUser') === true || (context.userIdSent === true && runtime)) {
    order = [...FOR_USER_CODES, ...order.filter((c) => !FOR_USER_CODES.includes(c))];
  }
  // A guardrail AWS names (SCP, RCP, boundary, session, VPC endpoint policy) is checked first.
  const blamed = causeOfPolicyType(parsed.policyType);
  if (blamed !== undefined) order = [blamed, ...order.filter((c) => c !== blamed)];
  if (parsed.denialType === 'explicit')
    order = ['explicit-deny', ...order.filter((c) => c !== 'explicit-deny')];
  return order;
}

/** What the facts besides the message's ARN say: the error type, a guardrail named, regions, ids. */
function factVerdicts(input: {
  deniedParty: DeniedParty;
  parsed: Partial<ParsedAccessDenied>;
  context: DiagnosisContext;
  resourceArn: string | undefined;
  codeFacts: CodeFacts;
}): Verdict[] {
  const { deniedParty, parsed, context, codeFacts } = input;
  const out: Verdict[] = [];
  const likely = (code: CauseCode, evidence: string, resourceArn?: string): void => {
    const v: Verdict = { code, confidence: 'likely', evidence };
    if (resourceArn !== undefined) v.resourceArn = resourceArn;
    out.push(v);
  };
  const evidence = (code: CauseCode) => codeInfo(code).evidence(codeFacts);
  if (deniedParty === 'execution-role') {
    likely('execution-role-denied', evidence('execution-role-denied'));
    return out;
  }
  if (deniedParty === 'assume-role') {
    const externalId =
      context.externalIdSent === true
        ? ' The client sends an ExternalId: the trust policy must require exactly that value (sts:ExternalId).'
        : context.externalIdSent === false
          ? ' The client sends no ExternalId: a trust policy that requires sts:ExternalId denies it.'
          : '';
    likely('assume-role-denied', `${evidence('assume-role-denied')}${externalId}`, context.roleArn);
    return out;
  }
  if (parsed.denialType === 'explicit') {
    const where = parsed.policyType === undefined ? 'a policy' : `a ${parsed.policyType} policy`;
    const arn = parsed.policyArn === undefined ? '' : ` (${parsed.policyArn})`;
    likely(
      parsed.policyType === 'resource-control' ? 'rcp-denied' : 'explicit-deny',
      `AWS reports an explicit deny in ${where}${arn}; a Deny overrides every Allow.`,
    );
  }
  const blamed = causeOfPolicyType(parsed.policyType);
  if (blamed !== undefined && parsed.denialType !== 'explicit') {
    likely(blamed, `AWS reports that no ${parsed.policyType} policy allows the call. ${evidence(blamed)}`);
  }
  const resourceRegion = arnRegion(input.resourceArn) ?? arnRegion(context.runtimeArn);
  if (context.region !== undefined && resourceRegion !== undefined) {
    if (context.region !== resourceRegion)
      likely('region-mismatch', evidence('region-mismatch'), input.resourceArn);
  }
  if (context.memoryArn !== undefined && !context.memoryArn.startsWith('arn:')) {
    likely(
      'memory-id-not-arn',
      `The call named the bare memory id "${context.memoryArn.slice(0, 100)}", which AWS resolves in the caller's own account.`,
    );
  } else if (
    context.memoryArn?.startsWith('arn:') === true &&
    arnAccountId(context.memoryArn) === codeFacts.ownerAccount
  ) {
    out.push({
      code: 'memory-id-not-arn',
      confidence: 'ruled-out',
      evidence: `The call named the full memory ARN ${context.memoryArn}, in the owner's account.`,
    });
  }
  return out;
}
