/**
 * The diagnosis behind `diagnoseAccessDenied`: from an AccessDenied (and whatever the caller knows
 * about the call) to ranked causes with evidence and a fix each. Pure: it reads the error and the
 * context, and evaluates the given policies offline with the evaluator it is given; it never
 * calls AWS. It does not import the evaluator, so the client's error path stays small.
 * @module
 */
import { arnAccountId, arnRegion, parentOfEndpoint } from '../arn/fields.js';
import {
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  isMemoryReadAction,
  isMemoryWriteAction,
} from '../policy/actions.js';
import type { AccessRequest, Decision, Explanation } from '../policy/evaluate/types.js';
import type { CauseCode } from '../policy/types.js';
import { type Facts, traps } from './catalog.js';
import { causeOfPolicyType, type ParsedAccessDenied, parseAccessDeniedMessage } from './message.js';
import type {
  AccessExplainer,
  ChecklistItem,
  DeniedParty,
  Diagnosis,
  DiagnosisCause,
  DiagnosisContext,
} from './types.js';

const SERVICE = 'bedrock-agentcore';

// The order to check things in when nothing is proven. The seed's recap (two policies, exact
// Resource, no aws:SourceAccount, identity policy in the owner's account) comes first because
// AWS reports every one of them as "no resource-based policy allows … on the runtime".
// After the missing policies, the same checks for every resource with a hierarchy (runtimes,
// harnesses); a gateway is one ARN and has no endpoint sub-path to miss.
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

/** What the diagnosis reads off an error of any shape. */
interface ErrorFacts {
  message: string;
  name: string;
  status: number | undefined;
  /** The parsed parts an AgentCoreAccessDeniedError already carries. */
  carried: Partial<ParsedAccessDenied>;
}

/**
 * `diagnoseAccessDenied`, with the evaluator passed in: without `explain`, policies in the
 * context are not evaluated and the causes are ranked only.
 * @internal
 */
export function diagnoseWith(
  error: unknown,
  context: DiagnosisContext,
  explain: AccessExplainer | undefined,
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

  const wording = traps(
    factsFor({ action, resourceArn, principalArn, callerAccount, ownerAccount, context }),
  );
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
    causes: [],
    checklist: [],
  };

  const order = checkOrder({ deniedParty, action, crossAccount, parsed, context, resourceArn });
  const likely = likelyCodes({ deniedParty, parsed, context, resourceArn, ownerAccount, wording });
  const proven =
    deniedParty === 'caller' ? provenCauses(context, explain, principalArn, action, resourceArn) : undefined;
  if (proven?.decision !== undefined) diagnosis.evaluatedDecision = proven.decision;

  const seen = new Set<string>();
  const push = (cause: DiagnosisCause) => {
    const key = `${cause.code}|${cause.resourceArn ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnosis.causes.push(cause);
  };
  for (const cause of proven?.causes ?? []) push(cause);
  diagnosis.proven = diagnosis.causes.length > 0;
  for (const cause of likely) push(cause);
  const provenCodes = new Set(diagnosis.causes.map((c) => c.code));
  for (const code of order) {
    if (provenCodes.has(code)) continue;
    const trap = wording[code];
    push({ code, confidence: 'possible', evidence: trap.evidence, fix: trap.fix });
  }
  const listed = new Set<CauseCode>();
  for (const code of [...diagnosis.causes.map((c) => c.code), ...order]) {
    if (listed.has(code)) continue;
    listed.add(code);
    diagnosis.checklist.push({ code, check: wording[code].check } satisfies ChecklistItem);
  }
  return diagnosis;
}

function errorFacts(error: unknown): ErrorFacts {
  try {
    return readErrorFacts(error);
  } catch {
    // An error that cannot be read (a Proxy whose traps throw): nothing is known from it.
    return { message: '', name: '', status: undefined, carried: {} };
  }
}

function readErrorFacts(error: unknown): ErrorFacts {
  if (typeof error === 'string') return { message: error, name: '', status: undefined, carried: {} };
  if (typeof error !== 'object' || error === null)
    return { message: '', name: '', status: undefined, carried: {} };
  const e = error as Record<string, unknown>;
  const cause =
    typeof e.cause === 'object' && e.cause !== null ? (e.cause as Record<string, unknown>) : undefined;
  // An AgentCoreAccessDeniedError wraps the SDK error: diagnose what AWS said, not our summary.
  const wrapped = e.name === 'AgentCoreAccessDeniedError' && cause !== undefined;
  const source = wrapped ? cause : e;
  const metadata = (source.$metadata ?? e.$metadata) as { httpStatusCode?: unknown } | undefined;
  const carried: Partial<ParsedAccessDenied> = {};
  if (wrapped) {
    for (const key of ['principalArn', 'action', 'resourceArn', 'policyType', 'denialType'] as const) {
      if (typeof e[key] === 'string') (carried as Record<string, unknown>)[key] = e[key];
    }
  }
  return {
    message: typeof source.message === 'string' ? source.message : '',
    name: typeof source.name === 'string' ? source.name : '',
    status: typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined,
    carried,
  };
}

function actionOf(operation: string | undefined): string | undefined {
  if (operation === undefined || operation === '') return undefined;
  if (operation.includes(':')) return operation;
  return operation === 'AssumeRole' ? 'sts:AssumeRole' : `${SERVICE}:${operation}`;
}

function targetOf(context: DiagnosisContext): string | undefined {
  if (context.runtimeArn !== undefined) return context.runtimeArn;
  if (context.memoryArn?.startsWith('arn:')) return context.memoryArn;
  return undefined;
}

function factsFor(input: {
  action: string | undefined;
  resourceArn: string | undefined;
  principalArn: string | undefined;
  callerAccount: string | undefined;
  ownerAccount: string | undefined;
  context: DiagnosisContext;
}): Facts {
  const { context } = input;
  const resourceArn = input.resourceArn ?? 'the resource';
  const runtime = context.runtimeArn ?? input.resourceArn;
  const harness = runtime?.includes(':harness/') === true;
  const mark = harness ? '/harness-endpoint/' : '/runtime-endpoint/';
  const endpointArn =
    runtime === undefined
      ? 'the runtime endpoint ARN'
      : runtime.includes(mark)
        ? runtime
        : `${runtime}${mark}${context.qualifier ?? 'DEFAULT'}`;
  return {
    action: input.action ?? 'the action',
    resourceArn:
      runtime === undefined
        ? resourceArn
        : input.resourceArn === undefined
          ? parentOfEndpoint(runtime)
          : resourceArn,
    endpointArn,
    principalArn: input.principalArn ?? 'the caller',
    callerAccount: input.callerAccount ?? "the caller's account",
    ownerAccount: input.ownerAccount ?? "the owner's account",
    resourceRegion: arnRegion(input.resourceArn) ?? arnRegion(runtime),
    clientRegion: context.region,
    roleArn: context.roleArn ?? input.resourceArn ?? 'the role',
  };
}

function isMemoryAction(action: string | undefined): boolean {
  if (action === undefined || !action.startsWith(`${SERVICE}:`)) return false;
  return isMemoryReadAction(action) || isMemoryWriteAction(action);
}

function checkOrder(input: {
  deniedParty: DeniedParty;
  action: string | undefined;
  crossAccount: boolean | undefined;
  parsed: Partial<ParsedAccessDenied>;
  context: DiagnosisContext;
  resourceArn: string | undefined;
}): CauseCode[] {
  if (input.deniedParty === 'execution-role') return ['execution-role-denied'];
  if (input.deniedParty === 'assume-role') return ['assume-role-denied'];
  const { action, parsed, context } = input;
  const memory = isMemoryAction(action) || (action === undefined && context.memoryArn !== undefined);
  const runtime =
    (action !== undefined && isHierarchicalRuntimeAction(action)) ||
    (action === undefined && context.runtimeArn !== undefined);
  // InvokeHarness is denied as InvokeAgentRuntime when a grant lacks the companion action.
  const harness =
    (action !== undefined && isHierarchicalHarnessAction(action)) ||
    input.resourceArn?.includes(':harness/') === true;
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

/** Causes the known facts point at directly (stronger than the traps, weaker than a proof). */
function likelyCodes(input: {
  deniedParty: DeniedParty;
  parsed: Partial<ParsedAccessDenied>;
  context: DiagnosisContext;
  resourceArn: string | undefined;
  ownerAccount: string | undefined;
  wording: ReturnType<typeof traps>;
}): DiagnosisCause[] {
  const { deniedParty, parsed, context, wording } = input;
  const out: DiagnosisCause[] = [];
  const likely = (code: CauseCode, evidence: string, resourceArn?: string): void => {
    const cause: DiagnosisCause = { code, confidence: 'likely', evidence, fix: wording[code].fix };
    if (resourceArn !== undefined) cause.resourceArn = resourceArn;
    out.push(cause);
  };
  if (deniedParty === 'execution-role') {
    likely('execution-role-denied', wording['execution-role-denied'].evidence);
    return out;
  }
  if (deniedParty === 'assume-role') {
    const externalId =
      context.externalIdSent === true
        ? ' The client sends an ExternalId: the trust policy must require exactly that value (sts:ExternalId).'
        : context.externalIdSent === false
          ? ' The client sends no ExternalId: a trust policy that requires sts:ExternalId denies it.'
          : '';
    likely('assume-role-denied', `${wording['assume-role-denied'].evidence}${externalId}`, context.roleArn);
    return out;
  }
  if (parsed.denialType === 'explicit') {
    const where = parsed.policyType === undefined ? 'a policy' : `a ${parsed.policyType} policy`;
    const arn = parsed.policyArn === undefined ? '' : ` (${parsed.policyArn})`;
    likely('explicit-deny', `AWS reports an explicit deny in ${where}${arn}; a Deny overrides every Allow.`);
  }
  const blamed = causeOfPolicyType(parsed.policyType);
  if (blamed !== undefined && parsed.denialType !== 'explicit') {
    likely(
      blamed,
      `AWS reports that no ${parsed.policyType} policy allows the call. ${wording[blamed].evidence}`,
    );
  }
  const resourceRegion = arnRegion(input.resourceArn) ?? arnRegion(context.runtimeArn);
  if (context.region !== undefined && resourceRegion !== undefined && context.region !== resourceRegion) {
    likely('region-mismatch', wording['region-mismatch'].evidence, input.resourceArn);
  }
  if (context.memoryArn !== undefined && !context.memoryArn.startsWith('arn:')) {
    likely(
      'memory-id-not-arn',
      `The call named the bare memory id "${context.memoryArn.slice(0, 100)}", which AWS resolves in the caller's own account.`,
    );
  }
  return out;
}

function provenCauses(
  context: DiagnosisContext,
  explain: AccessExplainer | undefined,
  principalArn: string | undefined,
  action: string | undefined,
  resourceArn: string | undefined,
): { decision?: Decision; causes: DiagnosisCause[] } | undefined {
  if (explain === undefined || context.policies === undefined) return undefined;
  if (principalArn === undefined || action === undefined) return undefined;
  const target =
    context.runtimeArn ?? (context.memoryArn?.startsWith('arn:') ? context.memoryArn : undefined);
  const arn = target ?? resourceArn;
  if (arn === undefined) return undefined;
  const request: AccessRequest = { principalArn, action, resourceArn: arn };
  if (context.qualifier !== undefined) request.qualifier = context.qualifier;
  const requestContext = { ...context.requestContext };
  if (context.region !== undefined && requestContext['aws:RequestedRegion'] === undefined)
    requestContext['aws:RequestedRegion'] = context.region;
  if (Object.keys(requestContext).length > 0) request.context = requestContext;
  let explanation: Explanation;
  try {
    explanation = explain(request, context.policies);
  } catch {
    // Policies or ARNs it cannot read: fall back to ranking the traps, never fail the diagnosis.
    return undefined;
  }
  return {
    decision: explanation.decision,
    causes: explanation.causes.map((c) => {
      const cause: DiagnosisCause = { code: c.code, confidence: 'proven', evidence: c.message, fix: c.fix };
      if (c.resourceArn !== undefined) cause.resourceArn = c.resourceArn;
      return cause;
    }),
  };
}
