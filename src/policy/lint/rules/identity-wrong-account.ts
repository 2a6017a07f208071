import { formatArnFields } from '../../../arn/fields.js';
import { globMatch, hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { agentCorePattern } from '../resources.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * An identity policy that names AgentCore runtimes, endpoints or memories outside the owner's
 * account, like seed 000's gotcha 4 (the endpoint sub-path written with the caller's account
 * 222222222222 instead of the owner's). A wildcard account field that also matches the owner
 * works, but grants every account's resources: a warning.
 *
 * Without `ownerAccountId`, the policy still tells on itself: a runtime's endpoints live in the
 * runtime's account, so an endpoint sub-path whose account is concrete and differs from every
 * account the policy's own runtime entries name is the same mistake (exactly the seed's text).
 * @internal
 */
export const identityWrongAccountRule: LintRule = {
  name: 'identity-wrong-account',
  codes: ['identity-wrong-account'],
  kinds: ['identity'],
  check(context: LintContext): Finding[] {
    const inferred = context.owners.length === 0;
    const ownerList = inferred ? runtimeAccounts(context) : context.owners;
    if (ownerList.length === 0) return [];
    const owners = ownerList.join(' or ');
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const element = statement.resource;
      if (statement.effect !== 'Allow' || element === undefined || element.negated) continue;
      for (const entry of element.entries) {
        const pattern = agentCorePattern(entry.value);
        if (pattern === undefined || ownerList.includes(pattern.account)) continue;
        // Inferred owners speak only for endpoints, and only against a concrete account.
        if (inferred && (pattern.kind !== 'runtime-endpoint' || hasWildcard(pattern.account))) continue;
        const matchesOwner = ownerList.some((owner) => globMatch(pattern.account, owner));
        const fixed = formatArnFields(pattern.fields, { account: ownerList[0] ?? pattern.account });
        findings.push(
          report(
            statement,
            'identity-wrong-account',
            matchesOwner ? 'warning' : 'error',
            entry.path,
            matchesOwner
              ? `Resource ${quote(entry.value)} matches AgentCore resources in every account, not just ${owners}.`
              : `Resource ${quote(entry.value)} names account ${quote(pattern.account)}, but the ${pattern.kind === 'any' ? 'resources are' : `${pattern.kind} is`} in ${owners}: the caller's own policy then does not allow it, and AWS may report "no resource-based policy allows".`,
            { resourcePattern: fixed },
          ),
        );
      }
    }
    return findings;
  },
};

/** The concrete accounts the policy's own runtime entries (not endpoints) name. */
function runtimeAccounts(context: LintContext): string[] {
  const accounts = new Set<string>();
  for (const statement of context.statements) {
    if (statement.effect !== 'Allow' || statement.resource === undefined || statement.resource.negated)
      continue;
    for (const entry of statement.resource.entries) {
      const pattern = agentCorePattern(entry.value);
      if (pattern?.kind === 'runtime' && !hasWildcard(pattern.account)) accounts.add(pattern.account);
    }
  }
  return [...accounts];
}
