/**
 * The policy evaluation STS needs for `sts:AssumeRole`: a role's trust policy and the caller's
 * identity policies against a role ARN. `explainAccess` takes AgentCore ARNs only, so this reuses
 * the evaluator's statement matching (principal, action, resource, conditions, variables) for an
 * IAM role ARN.
 * @module
 */

import { parseCaller } from '../policy/evaluate/caller.js';
import { contextFor, contextMap } from '../policy/evaluate/context.js';
import { DIRECT, ROLE } from '../policy/evaluate/principal.js';
import { evaluateDocument, type Target } from '../policy/evaluate/statement.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import { splitArn } from '../policy/match.js';
import type { PolicyDocument } from '../policy/types.js';

/** How a set of policies judged one action. @internal */
export interface TrustVerdict {
  /** `deny`: a Deny applied; `allow`: an Allow did and no Deny; `none`: nothing applied. */
  result: 'allow' | 'deny' | 'none';
  /** For a trust policy: true when an applying Allow names the caller itself or its role, not just its account. */
  namesCaller: boolean;
}

/**
 * Evaluates `documents` for `action` by `principalArn` on the role `roleArn`. A `trust` policy is
 * matched like a resource policy (its `Principal` must name the caller); identity policies by
 * `Resource`.
 * @internal
 */
export function evaluateForRole(
  documents: readonly PolicyDocument[],
  kind: 'trust' | 'identity',
  request: {
    principalArn: string;
    action: string;
    roleArn: string;
    context: Record<string, ContextValue>;
    now: number;
  },
): TrustVerdict {
  const caller = parseCaller(request.principalArn);
  const target: Target = {
    caller,
    action: request.action.toLowerCase(),
    actionName: request.action,
    resourceArn: request.roleArn,
    fields: splitArn(request.roleArn) ?? [],
    context: contextMap(contextFor(caller, undefined, request.context, request.now)),
  };
  let result: TrustVerdict['result'] = 'none';
  let namesCaller = false;
  for (const document of documents) {
    const outcome = evaluateDocument(document, kind === 'trust' ? 'resource' : 'identity', target, {});
    if (outcome.denied) return { result: 'deny', namesCaller: false };
    if (outcome.evaluation.result === 'allow') {
      result = 'allow';
      if (outcome.allowStrength === DIRECT || outcome.allowStrength === ROLE) namesCaller = true;
    }
  }
  return { result, namesCaller };
}
