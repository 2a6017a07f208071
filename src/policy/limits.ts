/**
 * The caps AgentCore puts on a resource-based policy, in one place: lint (`policy-too-large`), the
 * Account A functions (which refuse a document lint calls too large before they put it) and the
 * emulator's PutResourcePolicy all read them from here.
 * @internal
 */

/** PutResourcePolicy accepts a policy of 1 to 20,480 characters (FACTS.md, Wire). @internal */
export const MAX_RESOURCE_POLICY_LENGTH = 20_480;

/** A resource policy holds at most 100 statements (FACTS.md: AgentCore quotas). @internal */
export const MAX_RESOURCE_POLICY_STATEMENTS = 100;

/** One cap a policy goes over. @internal */
export interface PolicyCapExcess {
  readonly cap: 'length' | 'statements';
  /** Characters (as sent) or statements the policy has. */
  readonly actual: number;
  readonly max: number;
}

/**
 * The caps a resource policy of `length` characters and `statements` statements goes over;
 * empty when it fits.
 * @internal
 */
export function resourcePolicyExcess(length: number, statements: number): PolicyCapExcess[] {
  const over: PolicyCapExcess[] = [];
  if (length > MAX_RESOURCE_POLICY_LENGTH)
    over.push({ cap: 'length', actual: length, max: MAX_RESOURCE_POLICY_LENGTH });
  if (statements > MAX_RESOURCE_POLICY_STATEMENTS)
    over.push({ cap: 'statements', actual: statements, max: MAX_RESOURCE_POLICY_STATEMENTS });
  return over;
}
