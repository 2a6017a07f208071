/**
 * The request context AWS builds for a call: the keys it derives from the principal and the
 * request, merged with the keys the caller knows (organization id, tags, actor id…).
 * @module
 */
import { arnFields } from '../../arn/fields.js';
import { type Caller, parseCaller } from '../statement/caller.js';
import type { ContextValue } from '../statement/context-map.js';
import { checkContextInput } from './explain-input.js';

/** What {@link deriveRequestContext} needs: the principal, and optionally the resource and extra keys. */
export interface ContextInput {
  /**
   * The calling principal's ARN, a service principal name such as `lambda.amazonaws.com`, or `"*"`
   * for an anonymous request.
   */
  principalArn: string;
  /** The resource the call names; gives aws:ResourceAccount and aws:RequestedRegion. */
  resourceArn?: string;
  /** Keys the caller knows; each wins over the derived key of the same name (case-insensitive). */
  context?: Readonly<Record<string, ContextValue>>;
  /** The time of the request (aws:CurrentTime, aws:EpochTime); defaults to now. */
  now?: Date | number;
}

// aws:PrincipalType per principal kind: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
// A role ARN given directly stands for one of its sessions, which AWS reports as AssumedRole.
const PRINCIPAL_TYPE = {
  root: 'Account',
  user: 'User',
  role: 'AssumedRole',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
} as const;

/**
 * The request context AWS sets for a call by `principalArn`, merged with `context`.
 *
 * Derived, as the IAM global condition keys reference documents them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * - every IAM principal: `aws:PrincipalArn` (the role ARN, not the session ARN, for an
 *   assumed-role session), `aws:PrincipalAccount`, `aws:PrincipalType` (`Account`, `User`,
 *   `AssumedRole`, `FederatedUser`), `aws:PrincipalIsAWSService` false, `aws:ViaAWSService` false;
 * - `aws:username` for IAM users only; `aws:userid` for the account root (the account id) and a
 *   federated user (`account:name`). For users and role sessions it is a unique id (`AIDA…`,
 *   `AROA…:session`) that the ARN does not reveal: pass it in `context` when a policy tests it;
 * - a service principal: `aws:PrincipalIsAWSService` true and `aws:PrincipalServiceName`;
 * - an anonymous request (`"*"`): `aws:PrincipalType` `Anonymous` and nothing else about the caller;
 * - every request: `aws:SecureTransport` true (AgentCore endpoints are HTTPS only),
 *   `aws:CurrentTime`, `aws:EpochTime`, and, from `resourceArn`, `aws:ResourceAccount` and
 *   `aws:RequestedRegion` (the call goes to the resource's regional endpoint).
 *
 * Never derived: `aws:SourceAccount` and `aws:SourceArn`, which AWS sets only when a service
 * calls on someone's behalf (a direct SigV4 call from a role has neither), and everything about
 * organizations, tags, MFA or the network: give those in `context`.
 *
 * @throws {@link InvalidArnError} when `principalArn` is not an IAM principal ARN or a service
 *   principal name.
 *
 * @example
 * ```ts
 * import { deriveRequestContext } from 'agentcore-xacct/policy';
 * deriveRequestContext({ principalArn: 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1' });
 * // { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/the-caller-role',
 * //   'aws:PrincipalAccount': '222222222222', 'aws:PrincipalType': 'AssumedRole', … }
 * ```
 */
export function deriveRequestContext(input: ContextInput): Record<string, ContextValue> {
  input = checkContextInput(input);
  return contextFor(parseCaller(input.principalArn), input.resourceArn, input.context, input.now);
}

/**
 * {@link deriveRequestContext} for an already parsed caller; `derived` adds keys the request
 * carries for other reasons (a VPC endpoint), which `given` overrides too.
 * @internal
 */
export function contextFor(
  caller: Caller,
  resourceArn: string | undefined,
  given: Readonly<Record<string, ContextValue>> | undefined,
  now: Date | number | undefined,
  derived: Readonly<Record<string, ContextValue>> = {},
): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = { ...derived };
  if (caller.kind === 'service') {
    out['aws:PrincipalIsAWSService'] = true;
    out['aws:PrincipalServiceName'] = caller.name;
  } else if (caller.kind === 'anonymous') {
    // An unauthenticated request: no principal ARN, account or user id.
    out['aws:PrincipalType'] = 'Anonymous';
    out['aws:PrincipalIsAWSService'] = false;
  } else {
    out['aws:PrincipalArn'] = caller.principalArn;
    out['aws:PrincipalAccount'] = caller.accountId;
    out['aws:PrincipalType'] = PRINCIPAL_TYPE[caller.kind];
    out['aws:PrincipalIsAWSService'] = false;
    out['aws:ViaAWSService'] = false;
    if (caller.kind === 'user') out['aws:username'] = caller.name;
    if (caller.kind === 'root') out['aws:userid'] = caller.accountId;
    if (caller.kind === 'federated-user') out['aws:userid'] = `${caller.accountId}:${caller.name}`;
  }
  out['aws:SecureTransport'] = true;
  const ms = now === undefined ? Date.now() : typeof now === 'number' ? now : now.getTime();
  out['aws:CurrentTime'] = new Date(ms).toISOString();
  out['aws:EpochTime'] = Math.floor(ms / 1000);
  const fields = resourceArn === undefined ? undefined : arnFields(resourceArn);
  if (fields !== undefined) {
    if (fields.region !== '') out['aws:RequestedRegion'] = fields.region;
    if (fields.account !== '') out['aws:ResourceAccount'] = fields.account;
  }
  if (given === undefined) return out;
  // Keys are case-insensitive: a given key replaces the derived one however it is spelled.
  const keys = Object.keys(given).filter((key) => given[key] !== undefined);
  const replaced = new Set(keys.map((key) => key.toLowerCase()));
  for (const derived of Object.keys(out)) if (replaced.has(derived.toLowerCase())) delete out[derived];
  for (const key of keys) out[key] = given[key] as ContextValue;
  return out;
}
