import { formatArnFields } from '../../../arn/fields.js';
import { parentTypeOf } from '../../../arn/parse.js';
import { globMatch, hasWildcard } from '../../statement/wildcard.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import { agentCorePattern, type ParentKind } from '../resources.js';
import type { LintContext, LintRule } from '../types.js';

/**
 * An identity policy that names AgentCore runtimes, harnesses, gateways, endpoints or memories
 * outside the owner's account, like seed 000's gotcha 4 (the endpoint sub-path written with the
 * caller's account 222222222222 instead of the owner's). A wildcard account field that also
 * matches the owner works, but grants every account's resources: a warning.
 *
 * Without `ownerAccountId`, the policy still tells on itself: a runtime's (harness's) endpoints
 * live in its account, so an endpoint sub-path whose account is concrete and differs from every
 * account the policy's own runtime (harness) entries name is the same mistake (exactly the seed's
 * text).
 * @internal
 */
export const identityWrongAccountRule: LintRule = {
  name: 'identity-wrong-account',
  codes: ['identity-wrong-account'],
  kinds: ['identity'],
  check(context: LintContext): Finding[] {
    const inferred = context.owners.length === 0;
    const parents = inferred ? parentAccounts(context) : undefined;
    const findings: Finding[] = [];
    for (const statement of context.statements) {
      const element = statement.resource;
      if (statement.effect !== 'Allow' || element === undefined || element.negated) continue;
      for (const entry of element.entries) {
        const pattern = agentCorePattern(entry.value);
        if (pattern === undefined) continue;
        // Inferred owners speak only for endpoints, and only against a concrete account.
        const parent = parentTypeOf(pattern.kind);
        if (inferred && (parent === undefined || hasWildcard(pattern.account))) continue;
        const ownerList = parents === undefined || parent === undefined ? context.owners : parents[parent];
        if (ownerList.length === 0 || ownerList.includes(pattern.account)) continue;
        const owners = ownerList.join(' or ');
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

/** The concrete accounts the policy's own runtime and harness entries (not endpoints) name. */
function parentAccounts(context: LintContext): Record<ParentKind, string[]> {
  const accounts = { runtime: new Set<string>(), harness: new Set<string>() };
  for (const statement of context.statements) {
    if (statement.effect !== 'Allow' || statement.resource === undefined || statement.resource.negated)
      continue;
    for (const entry of statement.resource.entries) {
      const pattern = agentCorePattern(entry.value);
      if ((pattern?.kind === 'runtime' || pattern?.kind === 'harness') && !hasWildcard(pattern.account))
        accounts[pattern.kind].add(pattern.account);
    }
  }
  return { runtime: [...accounts.runtime], harness: [...accounts.harness] };
}
