/**
 * One policy document's verdict on a request for one ARN: every statement matched (by the one
 * statement matcher), and whether an Allow or a Deny applied.
 * @internal
 */
import { matchStatement, type Target } from '../statement/match.js';
import { NONE, type Strength } from '../statement/principal.js';
import type { PolicyModel } from '../statement/types.js';
import type { PolicyEvaluation, PolicyKind, StatementEvaluation } from './types.js';

/** A document's verdict, with what the authorization needs beyond the public record. @internal */
export interface DocumentOutcome {
  evaluation: PolicyEvaluation;
  /** For a resource policy: the strongest principal match among applying Allow statements. */
  allowStrength: Strength;
  /** An Allow statement applied (whether or not a Deny did too). */
  allowed: boolean;
  denied: boolean;
}

/**
 * Evaluates a read document against the target. Resource-based documents (a resource policy, a
 * role's trust policy, an RCP, a VPC endpoint policy) match principals; the others do not.
 * @internal
 */
export function evaluateDocument(
  policy: PolicyModel,
  kind: PolicyKind,
  target: Target,
  where: { index?: number; position?: number | undefined; attachedTo?: string },
): DocumentOutcome {
  const options = {
    // Resource-based policies name principals: the resource's own, RCPs, VPC endpoint policies.
    principal: kind === 'resource' || kind === 'rcp' || kind === 'vpc-endpoint',
    // AgentCore's rules for the policy attached to the resource.
    attached: kind === 'resource',
    variables: policy.variables,
  };
  const statements: StatementEvaluation[] = [];
  let allowStrength: Strength = NONE;
  let allowed = false;
  let denied = false;
  for (const index of policy.unreadable) {
    statements.push({
      index,
      effect: 'Allow',
      matched: false,
      failed: { element: 'action', detail: 'not a statement object' },
    });
  }
  for (const statement of policy.statements) {
    const { matched, failed, strength } = matchStatement(statement, target, options);
    const evaluation: StatementEvaluation = {
      index: statement.index,
      effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
      matched,
    };
    if (statement.sid !== undefined) evaluation.sid = statement.sid;
    if (failed !== undefined) evaluation.failed = failed;
    statements.push(evaluation);
    if (!matched) continue;
    if (evaluation.effect === 'Deny') denied = true;
    else {
      allowed = true;
      if (strength > allowStrength) allowStrength = strength;
    }
  }
  if (policy.unreadable.length > 0) statements.sort((a, b) => a.index - b.index);
  const evaluation: PolicyEvaluation = {
    kind,
    result: denied ? 'deny' : allowed ? 'allow' : 'no-match',
    statements,
  };
  if (where.index !== undefined) evaluation.index = where.index;
  if (where.position !== undefined) evaluation.position = where.position;
  if (where.attachedTo !== undefined) evaluation.attachedTo = where.attachedTo;
  return { evaluation, allowStrength, allowed, denied };
}
