/**
 * Matching the `Principal` and `NotPrincipal` elements of a resource-based policy against the
 * caller (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 *
 * A match has a strength, because AWS weighs them differently
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow):
 * - `ACCOUNT`: an account id or root ARN names every principal of that account; it delegates to
 *   the account's identity policies, so it grants nothing on its own within that account;
 * - `ROLE`: a role ARN names the role's sessions; within the account such a grant is still
 *   limited by the permissions boundary and the session policy;
 * - `DIRECT`: the caller itself (user, session, federated user, service) or `*`; within the
 *   account such a grant stands even against an implicit deny elsewhere.
 * Principals never hold wildcards other than `*`: an ARN with one names nobody.
 * @internal
 */
import { arnFields } from '../../arn/fields.js';
import { ACCOUNT_ID } from '../../arn/patterns.js';
import type { Caller } from './caller.js';
import type { PrincipalView } from './types.js';

/** No match, account-level, role-of-the-session, or the caller itself. @internal */
export type Strength = 0 | 1 | 2 | 3;
/** @internal */
export const NONE = 0;
/** @internal */
export const ACCOUNT = 1;
/** @internal */
export const ROLE = 2;
/** @internal */
export const DIRECT = 3;

function awsEntryStrength(entry: string, caller: Caller): Strength {
  if (entry === '*') return DIRECT;
  // Every other entry that names the caller holds its account id: most entries stop here.
  if (caller.accountId === '' || !entry.includes(caller.accountId)) return NONE;
  if (ACCOUNT_ID.test(entry)) return entry === caller.accountId ? ACCOUNT : NONE;
  const fields = arnFields(entry);
  if (fields === undefined || fields.prefix !== 'arn' || fields.resource.includes(':')) return NONE;
  if (fields.partition !== caller.partition || fields.account !== caller.accountId || fields.region !== '')
    return NONE;
  const { service, resource } = fields;
  if (service === 'iam') {
    if (resource === 'root') return ACCOUNT;
    if (resource.startsWith('role/')) {
      if (caller.kind !== 'role' && caller.kind !== 'assumed-role') return NONE;
      // The role ARN names the role exactly: "Role names are case sensitive" (IAM User Guide,
      // troubleshooting IAM roles), as the user name part is ("In a Principal element, the user
      // name part of the ARN is case sensitive", Principal element), and the path is part of the
      // ARN (AWS resolves it to the role's unique id when the policy is saved). A session's role
      // path is `/` unless aws:PrincipalArn gave the role's ARN (see Caller.rolePath).
      const slash = resource.lastIndexOf('/');
      const name = resource.slice(slash + 1);
      const path = resource.slice('role'.length, slash + 1);
      if (name !== caller.name) return NONE;
      return caller.rolePath === undefined || caller.rolePath === path ? ROLE : NONE;
    }
    if (resource.startsWith('user/')) return caller.kind === 'user' && entry === caller.arn ? DIRECT : NONE;
    return NONE;
  }
  if (service === 'sts') {
    // A session ARN names that session only; federated users likewise.
    return (caller.kind === 'assumed-role' || caller.kind === 'federated-user') && entry === caller.arn
      ? DIRECT
      : NONE;
  }
  return NONE;
}

function entries(element: PrincipalView, type: 'AWS' | 'Service'): string[] {
  const out: string[] = [];
  for (const e of element.entries) if (e.type === type) out.push(e.value);
  return out;
}

/**
 * The strongest way a `Principal` element names the caller.
 * @internal
 */
export function principalStrength(element: PrincipalView | undefined, caller: Caller): Strength {
  if (element === undefined) return NONE;
  if (element.everyone) return DIRECT;
  let best: Strength = NONE;
  for (const entry of entries(element, 'AWS')) {
    const s = awsEntryStrength(entry, caller);
    if (s > best) best = s;
    if (best === DIRECT) return best;
  }
  if (caller.kind === 'service') {
    for (const entry of entries(element, 'Service')) if (entry === caller.name) return DIRECT;
  }
  return best;
}

// Which levels of the caller's chain a NotPrincipal must name to leave the caller out: AWS
// "might validate the account first, then the role, and then the assumed-role user", so the
// caller escapes a Deny only when every level is listed
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
const LEVELS: Record<Caller['kind'], readonly Strength[]> = {
  root: [ACCOUNT],
  user: [ACCOUNT, DIRECT],
  role: [ACCOUNT, ROLE],
  'assumed-role': [ACCOUNT, ROLE, DIRECT],
  'federated-user': [ACCOUNT, DIRECT],
  service: [DIRECT],
  anonymous: [DIRECT],
};

/**
 * True when a `NotPrincipal` element leaves the caller out (names every level of its chain).
 * @internal
 */
export function notPrincipalExcludes(element: PrincipalView, caller: Caller): boolean {
  if (element.everyone) return true;
  const named = new Set<Strength>();
  for (const entry of entries(element, 'AWS')) named.add(awsEntryStrength(entry, caller));
  if (caller.kind === 'service' && entries(element, 'Service').includes(caller.name)) named.add(DIRECT);
  return LEVELS[caller.kind].every((level) => named.has(level));
}

/** The principals an element names, for messages. @internal */
export function describePrincipal(element: PrincipalView | undefined): string {
  if (element === undefined) return 'nobody';
  if (element.everyone && element.entries.length === 0) return '"*"';
  const names = [...entries(element, 'AWS'), ...entries(element, 'Service')];
  if (names.length === 0) return 'no AWS or Service principal';
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown}, …` : shown;
}
