import { HARNESS_INVOKE_ACTIONS } from '../../actions.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { allowsFor, grantsAction, ResourceIndex, runtimeDataPlaneActions } from '../grants.js';
import { agentCorePattern, endpointNameOf, endpointOf, type ParentKind, sampleOf } from '../resources.js';
import type { LintContext, LintRule, StatementView } from '../types.js';

// Endpoint names probed besides DEFAULT; a larger document gains nothing from more.
const MAX_ENDPOINT_NAMES = 20;

/** The actions authorized on a runtime (harness) and its endpoint, by the kind of parent. */
function hierarchicalActions(parent: ParentKind): readonly string[] {
  return parent === 'runtime' ? runtimeDataPlaneActions() : HARNESS_INVOKE_ACTIONS;
}

/**
 * An identity policy that grants an invoke action on a runtime (or harness) ARN but on none of its
 * endpoint sub-paths: AWS authorizes the endpoint too (hierarchical authorization), so every
 * invocation is denied (seed 000, gotchas 1 and 4). A pattern ending in `*` covers its endpoints.
 * @internal
 */
export const identityMissingEndpointRule: LintRule = {
  name: 'identity-missing-endpoint',
  codes: ['identity-missing-endpoint'],
  kinds: ['identity'],
  acrossPolicies: true,
  check(context: LintContext): Finding[] {
    const names = {
      runtime: endpointNames(context.statements, 'runtime'),
      harness: endpointNames(context.statements, 'harness'),
    };
    const indexes = new Map<string, ResourceIndex>();
    const indexFor = (action: string): ResourceIndex => {
      let index = indexes.get(action);
      if (index === undefined) {
        index = new ResourceIndex(allowsFor(context.statements, action));
        indexes.set(action, index);
      }
      return index;
    };
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const element = statement.resource;
      if (statement.effect !== 'Allow' || element === undefined || element.negated) continue;
      for (const entry of element.entries) {
        const parent = agentCorePattern(entry.value)?.kind;
        if (parent !== 'runtime' && parent !== 'harness') continue;
        const actions = hierarchicalActions(parent).filter((a) => grantsAction(statement, a));
        const sample = sampleOf(entry.value);
        const missing = actions.find(
          (a) => !names[parent].some((n) => indexFor(a).find(endpointOf(sample, n, parent)) !== undefined),
        );
        if (missing === undefined) continue;
        findings.push(
          report(
            statement,
            'identity-missing-endpoint',
            'error',
            entry.path,
            `${missing} is allowed on ${quote(entry.value)} but on none of its endpoints: AWS authorizes the endpoint ARN too, so every invocation is denied.`,
            `Add ${quote(endpointOf(entry.value, '*', parent))} (or the endpoint you call, e.g. …/${parent}-endpoint/DEFAULT) to Resource, in the owner's account.`,
          ),
        );
      }
    }
    return findings;
  },
};

function endpointNames(statements: readonly StatementView[], parent: ParentKind): string[] {
  const names = new Set(['DEFAULT']);
  for (const statement of statements) {
    for (const entry of statement.resource?.entries ?? []) {
      if (names.size >= MAX_ENDPOINT_NAMES) return [...names];
      const name = endpointNameOf(entry.value, parent);
      if (name !== undefined) names.add(name);
    }
  }
  return [...names];
}
