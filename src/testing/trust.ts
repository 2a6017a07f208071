/**
 * The policy evaluation STS needs for `sts:AssumeRole`: a role's trust policy and the caller's
 * identity policies against a role ARN. `explainAccess` takes AgentCore ARNs only, so this reuses
 * the evaluator's statement model and matcher (principal, action, resource, conditions,
 * variables) for an IAM role ARN.
 * @module
 */

import { contextFor } from '../policy/evaluate/context.js';
import { evaluateDocument } from '../policy/evaluate/document.js';
import type { ContextValue } from '../policy/evaluate/types.js';
import { parseCaller } from '../policy/statement/caller.js';
import { contextMap } from '../policy/statement/context-map.js';
import { target } from '../policy/statement/match.js';
import { DIRECT, ROLE } from '../policy/statement/principal.js';
import { readPolicy } from '../policy/statement/read.js';
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
  const context = contextMap(contextFor(caller, undefined, request.context, request.now));
  const on = target(caller, request.action, request.roleArn, context);
  let result: TrustVerdict['result'] = 'none';
  let namesCaller = false;
  for (const document of documents) {
    const outcome = evaluateDocument(
      readPolicy(document),
      kind === 'trust' ? 'resource' : 'identity',
      on,
      {},
    );
    if (outcome.denied) return { result: 'deny', namesCaller: false };
    if (outcome.evaluation.result === 'allow') {
      result = 'allow';
      if (outcome.allowStrength === DIRECT || outcome.allowStrength === ROLE) namesCaller = true;
    }
  }
  return { result, namesCaller };
}
