/**
 * `explainAccess`: AWS's decision on a request, per ARN and per policy, with the causes of a
 * denial ranked.
 * @module
 */
import { type AgentCoreArn, type AgentCoreResourceType, parseArn } from '../../arn/parse.js';
import { ENDPOINT_NAME } from '../../arn/patterns.js';
import { ValidationError } from '../../errors.js';
import { agentCoreAction, isHierarchicalRuntimeAction, qualifyAction, SERVICE_PREFIX } from '../actions.js';
import { parseCaller } from '../statement/caller.js';
import { contextMap } from '../statement/context-map.js';
import { target } from '../statement/match.js';
import { type ArnOutcome, authorizeArn, readPolicies } from './authorize.js';
import { rankCauses } from './causes.js';
import { contextFor } from './context.js';
import { checkExplainInput } from './explain-input.js';
import type { AccessPolicies, AccessRequest, ContextValue, Decision, Explanation } from './types.js';

/** One ARN to authorize. */
interface Authorized {
  arn: string;
  resourceType: AgentCoreResourceType;
}

/**
 * The ARNs AWS authorizes for the request, in the order it does. The runtime and endpoint ARNs
 * are derived by text from the validated one (parsing costs more than the rest of a decision).
 */
function authorizedArns(
  parsed: AgentCoreArn,
  hierarchical: boolean,
  qualifier: string | undefined,
): Authorized[] {
  const given: Authorized = { arn: parsed.arn, resourceType: parsed.resourceType };
  if (!hierarchical) return [given];
  if (parsed.resourceType === 'runtime') {
    const name = qualifier ?? 'DEFAULT';
    if (!ENDPOINT_NAME.test(name)) {
      throw new ValidationError(
        'qualifier',
        `qualifier "${name.slice(0, 80)}" is not an endpoint name.`,
        'Use an endpoint name such as DEFAULT (a letter, then up to 47 of [a-zA-Z0-9_]).',
      );
    }
    return [given, { arn: `${parsed.arn}/runtime-endpoint/${name}`, resourceType: 'runtime-endpoint' }];
  }
  if (parsed.resourceType === 'runtime-endpoint') {
    const runtime = parsed.arn.slice(
      0,
      parsed.arn.length - `/runtime-endpoint/${parsed.endpointName}`.length,
    );
    return [{ arn: runtime, resourceType: 'runtime' }, given];
  }
  return [given];
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
 * Applies AWS's policy evaluation logic: an explicit Deny anywhere wins; cross-account, the
 * caller's identity side (identity policies, and SCPs, permissions boundary and session policy
 * when given) and the owner's resource policy must both allow; within one account either
 * suffices, with AWS's nuances for role versus session ARNs. A runtime action that AgentCore
 * authorizes hierarchically (InvokeAgentRuntime, InvokeAgentRuntimeForUser, GetAgentCard,
 * StopRuntimeSession) is authorized against both the runtime ARN and its endpoint ARN
 * (`qualifier`, default `DEFAULT`; or the endpoint ARN given as `resourceArn`), each with the
 * resource policy attached to that ARN; it is allowed only when both are.
 *
 * The request context is {@link deriveRequestContext} of the principal, merged with
 * `request.context` (less the AgentCore condition keys the action does not take). A resource policy statement with a wildcard `Resource` never applies:
 * AgentCore rejects such a document at PutResourcePolicy.
 *
 * Pure and synchronous: no I/O, nothing cached between calls.
 *
 * @returns The decision, the evaluation of every ARN and policy (matched statements, and for
 *   the others the element that failed), and, unless allowed, the ranked `causes`: the proven
 *   cause first, each naming the ARN, policy and statement, with a fix.
 * @throws {@link InvalidArnError} when `resourceArn` is not an AgentCore ARN or `principalArn`
 *   not an IAM principal ARN (or a service principal name); {@link ValidationError} when
 *   `qualifier` is not an endpoint name.
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
  const caller = parseCaller(request.principalArn);
  const action = qualifyAction(request.action);
  const parsed = parseArn(request.resourceArn);
  const hierarchical = isHierarchicalRuntimeAction(action);
  const arns = authorizedArns(parsed, hierarchical, request.qualifier);
  const context = applicableContext(contextFor(caller, parsed.arn, request.context, undefined), action);
  const map = contextMap(context);
  const read = readPolicies(policies);
  const outcomes: ArnOutcome[] = arns.map((arn) =>
    authorizeArn(target(caller, action, arn.arn, map), arn.resourceType, read),
  );
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
