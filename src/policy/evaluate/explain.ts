/**
 * `explainAccess`: AWS's decision on a request, per ARN and per policy, with the causes of a
 * denial ranked.
 * @module
 */
import { type AgentCoreArn, type AgentCoreResourceType, parentTypeOf, parseArn } from '../../arn/parse.js';
import { ENDPOINT_NAME } from '../../arn/patterns.js';
import { ValidationError } from '../../errors.js';
import {
  agentCoreAction,
  HARNESS_INVOKE_ACTIONS,
  isHierarchicalHarnessAction,
  isHierarchicalRuntimeAction,
  qualifyAction,
  SERVICE_PREFIX,
} from '../actions.js';
import { parseCaller, withRoleArn } from '../statement/caller.js';
import { contextMap } from '../statement/context-map.js';
import { target } from '../statement/match.js';
import { type ArnOutcome, authorizeArn, readPolicies } from './authorize.js';
import { rankCauses } from './causes.js';
import { contextFor } from './context.js';
import { checkExplainInput } from './explain-input.js';
import type {
  AccessPolicies,
  AccessRequest,
  ContextValue,
  Decision,
  Explanation,
  VpcEndpointPolicy,
} from './types.js';

/** One ARN to authorize. */
interface Authorized {
  arn: string;
  resourceType: AgentCoreResourceType | '*';
}

/**
 * `"*"`, the resource of an action that takes none (ListAgentRuntimes, ListMemories…): IAM
 * authorizes it against `"*"` ("if a specific API action does not support ARNs, use a wildcard
 * (*) in the Resource element", IAM User Guide, Resource element), in the caller's own account.
 * Refused for an action that takes a resource type: it must name its resource.
 */
function unscopedAction(action: string): Authorized {
  const info = agentCoreAction(action);
  if (info === undefined || info.requiredResourceTypes.length > 0 || info.optionalResourceTypes.length > 0) {
    throw new ValidationError(
      'request.resourceArn',
      `resourceArn "*" stands for no resource, but ${action} ${info === undefined ? 'is not an AgentCore action IAM knows' : 'takes a resource'}`,
      'Pass the runtime, endpoint, memory or gateway ARN the action names; "*" only for actions that take no resource, such as bedrock-agentcore:ListAgentRuntimes.',
    );
  }
  return { arn: '*', resourceType: '*' };
}

/**
 * The ARNs AWS authorizes for the request, in the order it does: for a hierarchical action on a
 * runtime or harness, the parent then its endpoint (`qualifier`, default `DEFAULT`). The ARNs
 * are derived by text from the validated one (parsing costs more than the rest of a decision).
 */
function authorizedArns(
  parsed: AgentCoreArn,
  hierarchical: boolean,
  qualifier: string | undefined,
): Authorized[] {
  const given: Authorized = { arn: parsed.arn, resourceType: parsed.resourceType };
  if (!hierarchical) return [given];
  if (parsed.resourceType === 'runtime' || parsed.resourceType === 'harness') {
    const name = qualifier ?? 'DEFAULT';
    if (!ENDPOINT_NAME.test(name)) {
      throw new ValidationError(
        'qualifier',
        `qualifier "${name.slice(0, 80)}" is not an endpoint name.`,
        'Use an endpoint name such as DEFAULT (a letter, then up to 47 of [a-zA-Z0-9_]).',
      );
    }
    const endpoint = `${parsed.resourceType}-endpoint` as const;
    return [given, { arn: `${parsed.arn}/${endpoint}/${name}`, resourceType: endpoint }];
  }
  const parent = parentTypeOf(parsed.resourceType);
  if (parent !== undefined && 'endpointName' in parsed) {
    const arn = parsed.arn.slice(
      0,
      parsed.arn.length - `/${parsed.resourceType}/${parsed.endpointName}`.length,
    );
    return [{ arn, resourceType: parent }, given];
  }
  return [given];
}

/**
 * The actions AWS authorizes for `action`: InvokeHarness needs InvokeAgentRuntime as well, on the
 * same ARNs: "calling InvokeHarness requires both bedrock-agentcore:InvokeHarness and
 * bedrock-agentcore:InvokeAgentRuntime permissions on the harness ARN" (AgentCore developer guide,
 * harness-security). That page names the harness ARN; with the harness endpoint required as well
 * (IAM data), both actions are checked on both ARNs, the strict reading. The order (the asked
 * action on every ARN first) decides only which failure is named first: an inference, as for the
 * runtime-before-endpoint order (FACTS.md).
 */
function authorizedActions(action: string): readonly string[] {
  const [invokeHarness, companion] = HARNESS_INVOKE_ACTIONS;
  // The asked action keeps its spelling: its evaluations are told from the companion's by it.
  return action.toLowerCase() === invokeHarness.toLowerCase() ? [action, companion] : [action];
}

/** A key of the given request context, looked up ignoring case. @internal */
export function givenKey(context: AccessRequest['context'], key: string): unknown {
  if (context === undefined) return undefined;
  const lower = key.toLowerCase();
  for (const k of Object.keys(context)) if (k.toLowerCase() === lower) return context[k];
  return undefined;
}

/**
 * The keys a request through a VPC endpoint carries: aws:SourceVpce, and aws:SourceVpc when the
 * VPC is known ("This key is included in the request context only if the requester uses a VPC
 * endpoint to make the request", IAM global condition keys).
 */
function networkContext(vpce: VpcEndpointPolicy | undefined): Record<string, ContextValue> {
  if (vpce === undefined) return {};
  return {
    'aws:SourceVpce': vpce.vpcEndpointId,
    ...(vpce.vpcId === undefined ? {} : { 'aws:SourceVpc': vpce.vpcId }),
  };
}

/**
 * Drops the AgentCore condition keys the action does not take: AWS leaves a service-specific key
 * out of the context of an action that does not support it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value).
 */
function applicableContext(
  context: Record<string, ContextValue>,
  action: string,
): Record<string, ContextValue> {
  const info = agentCoreAction(action);
  if (info === undefined) return context;
  const prefix = `${SERVICE_PREFIX}:`;
  let out: Record<string, ContextValue> | undefined;
  for (const key of Object.keys(context)) {
    const lower = key.toLowerCase();
    if (!lower.startsWith(prefix) || info.conditionKeys.some((k) => k.toLowerCase() === lower)) continue;
    out ??= { ...context };
    delete out[key];
  }
  return out ?? context;
}

/**
 * Explains how AWS decides `request` given `policies`, offline.
 *
 * Applies AWS's policy evaluation logic, in AWS's documented order: an explicit Deny in any policy
 * wins; then resource control policies (`rcp`) and service control policies (`scp`), each given
 * per level of the organization (root, OUs, account) and needing an Allow at every level; then the
 * resource and identity sides: cross-account, the caller's identity policies (within its
 * permissions boundary and session policy) and the owner's resource policy must both allow;
 * within one account either suffices, with AWS's nuances for role versus session ARNs; a request
 * through a VPC endpoint (`vpcEndpoint`) needs its endpoint policy's Allow too. A runtime action
 * that AgentCore authorizes hierarchically (InvokeAgentRuntime, InvokeAgentRuntimeForUser,
 * GetAgentCard, StopRuntimeSession, the command and WebSocket actions) is authorized against both
 * the runtime ARN and its endpoint ARN (`qualifier`, default `DEFAULT`; or the endpoint ARN given
 * as `resourceArn`), each with the resource policy attached to that ARN; it is allowed only when
 * both are. InvokeHarness is authorized likewise against the harness and its endpoint, and, as
 * AWS requires, together with InvokeAgentRuntime: both actions on both ARNs, each an entry of
 * `evaluations` (its `action` says which). A gateway (InvokeGateway) is one ARN.
 *
 * The request context is {@link deriveRequestContext} of the principal (aws:SourceVpce and
 * aws:SourceVpc from `vpcEndpoint`), merged with `request.context` (less the AgentCore condition
 * keys the action does not take). A resource policy statement with a wildcard `Resource` never
 * applies: AgentCore rejects such a document at PutResourcePolicy. `Resource` patterns match as
 * the IAM User Guide says: wildcards within a colon-separated segment, and only a `*` that ends a
 * segment expands past a colon. The caller may be an IAM principal, a service principal, or `"*"`
 * for an anonymous request (allowed only by a resource policy that names `"*"`).
 *
 * An action that takes no resource (ListAgentRuntimes, ListMemories, ListGateways…) is explained
 * with `resourceArn: "*"`: IAM authorizes it against `"*"` in the caller's own account, so only
 * the caller's side applies (identity policies within their guardrails), and only a `Resource`
 * of `"*"` covers it.
 *
 * Pure and synchronous: no I/O, nothing cached between calls.
 *
 * @returns The decision, the evaluation of every ARN and policy (matched statements, and for
 *   the others the element that failed), and, unless allowed, the ranked `causes`: the proven
 *   cause first, each naming the ARN, policy and statement, with a fix.
 * @throws {@link InvalidArnError} when `resourceArn` is not an AgentCore ARN (or `"*"`) or `principalArn`
 *   not an IAM principal ARN (or a service principal name, or `"*"`); {@link ValidationError}
 *   naming the field when `request` or `policies` holds a field explainAccess does not know (a
 *   policy kind it would otherwise ignore), a known field of the wrong shape, or a `qualifier`
 *   that is not an endpoint name.
 *
 * @example
 * ```ts
 * import { explainAccess } from 'agentcore-xacct/policy';
 * const runtimeArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
 * const explanation = explainAccess(
 *   {
 *     principalArn: 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1',
 *     action: 'bedrock-agentcore:InvokeAgentRuntime',
 *     resourceArn: runtimeArn,
 *   },
 *   {
 *     identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:*', Resource: '*' }] }],
 *     resource: {
 *       [runtimeArn]: {
 *         Version: '2012-10-17',
 *         Statement: [
 *           { Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'bedrock-agentcore:InvokeAgentRuntime', Resource: runtimeArn },
 *         ],
 *       },
 *     },
 *   },
 * );
 * explanation.decision; // 'implicit-deny': the endpoint ARN has no resource policy
 * explanation.causes[0]?.code; // 'endpoint-policy-missing'
 * ```
 */
export function explainAccess(request: AccessRequest, policies: AccessPolicies): Explanation {
  ({ request, policies } = checkExplainInput(request, policies));
  const caller = withRoleArn(
    parseCaller(request.principalArn),
    givenKey(request.context, 'aws:PrincipalArn'),
  );
  const action = qualifyAction(request.action);
  const unscoped = request.resourceArn === '*';
  const hierarchical =
    !unscoped && (isHierarchicalRuntimeAction(action) || isHierarchicalHarnessAction(action));
  const arns = unscoped
    ? [unscopedAction(action)]
    : authorizedArns(parseArn(request.resourceArn), hierarchical, request.qualifier);
  const base = contextFor(
    caller,
    unscoped ? undefined : request.resourceArn,
    request.context,
    undefined,
    networkContext(policies.vpcEndpoint),
  );
  const context = applicableContext(base, action);
  const read = readPolicies(policies);
  const boundary = policies.permissionsBoundary !== undefined;
  const map = contextMap(context);
  const outcomes: ArnOutcome[] = authorizedActions(action).flatMap((each) => {
    const eachMap = each === action ? map : contextMap(applicableContext(base, each));
    return arns.map((arn) =>
      authorizeArn(target(caller, each, arn.arn, eachMap, boundary), arn.resourceType, read),
    );
  });
  let decision: Decision = 'allow';
  for (const o of outcomes) {
    if (o.evaluation.decision === 'explicit-deny') decision = 'explicit-deny';
    else if (o.evaluation.decision === 'implicit-deny' && decision === 'allow') decision = 'implicit-deny';
  }
  return {
    decision,
    request: { principalArn: request.principalArn, action, resourceArn: request.resourceArn, context },
    evaluations: outcomes.map((o) => o.evaluation),
    causes: decision === 'allow' ? [] : rankCauses({ caller, action, hierarchical, outcomes, context: map }),
  };
}
