import { hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { LintContext, LintRule, StatementView } from '../types.js';

/**
 * A resource policy's `Resource` must be exactly the ARN it is attached to: one ARN, the same
 * in every statement. Without `attachedTo`, the first exact ARN of the document is taken as
 * the one it is attached to. Wildcards are the resource-wildcard rule's.
 * @internal
 */
export const resourceMismatchRule: LintRule = {
  name: 'resource-mismatch',
  codes: ['resource-mismatch'],
  kinds: ['resource'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    let expected = context.attachedTo;
    let expectedFrom: StatementView | undefined;
    for (const statement of context.statements) {
      const element = statement.resource;
      if (element === undefined || element.negated) continue;
      const distinct = new Set(element.entries.map((e) => e.value));
      if (distinct.size > 1) {
        findings.push(
          report(
            statement,
            'resource-mismatch',
            'error',
            element.path,
            `Resource lists ${distinct.size} ARNs; a resource policy applies to the one resource it is attached to.`,
            `Keep only ${expected ?? 'the ARN the policy is attached to'}; give each other resource (each endpoint too) its own policy.`,
          ),
        );
      }
      for (const entry of element.entries) {
        if (hasWildcard(entry.value)) continue;
        if (expected === undefined) {
          expected = entry.value;
          expectedFrom = statement;
          continue;
        }
        if (entry.value === expected) continue;
        findings.push(
          report(
            statement,
            'resource-mismatch',
            'error',
            entry.path,
            expectedFrom === undefined
              ? `Resource ${quote(entry.value)} is not the ARN the policy is attached to (${expected}).`
              : `Resource ${quote(entry.value)} differs from ${quote(expected)} named by statement ${expectedFrom.index}; a resource policy names one ARN.`,
            `Set Resource to exactly ${expected}.`,
          ),
        );
      }
    }
    return findings;
  },
};
