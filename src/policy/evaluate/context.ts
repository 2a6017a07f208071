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

let lastTime = { ms: Number.NaN, iso: '' };

/** `new Date(ms).toISOString()`, remembered for the last instant (many calls share one). */
function isoTime(ms: number): string {
  if (lastTime.ms !== ms) lastTime = { ms, iso: new Date(ms).toISOString() };
  return lastTime.iso;
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
  // Keys are case-insensitive: a given key replaces the derived one however it is spelled.
  const givenKeys = given === undefined ? [] : Object.keys(given).filter((key) => given[key] !== undefined);
  const replaced = givenKeys.length === 0 ? undefined : new Set(givenKeys.map((key) => key.toLowerCase()));
  const out: Record<string, ContextValue> = {};
  const put = (key: string, value: ContextValue) => {
    if (replaced === undefined || !replaced.has(key.toLowerCase())) out[key] = value;
  };
  for (const key of Object.keys(derived)) put(key, derived[key] as ContextValue);
  if (caller.kind === 'service') {
    put('aws:PrincipalIsAWSService', true);
    put('aws:PrincipalServiceName', caller.name);
  } else if (caller.kind === 'anonymous') {
    // An unauthenticated request: no principal ARN, account or user id.
    put('aws:PrincipalType', 'Anonymous');
    put('aws:PrincipalIsAWSService', false);
  } else {
    put('aws:PrincipalArn', caller.principalArn);
    put('aws:PrincipalAccount', caller.accountId);
    put('aws:PrincipalType', PRINCIPAL_TYPE[caller.kind]);
    put('aws:PrincipalIsAWSService', false);
    put('aws:ViaAWSService', false);
    if (caller.kind === 'user') put('aws:username', caller.name);
    if (caller.kind === 'root') put('aws:userid', caller.accountId);
    if (caller.kind === 'federated-user') put('aws:userid', `${caller.accountId}:${caller.name}`);
  }
  put('aws:SecureTransport', true);
  const ms = now === undefined ? Date.now() : typeof now === 'number' ? now : now.getTime();
  put('aws:CurrentTime', isoTime(ms));
  put('aws:EpochTime', Math.floor(ms / 1000));
  const fields = resourceArn === undefined ? undefined : arnFields(resourceArn);
  if (fields !== undefined) {
    if (fields.region !== '') put('aws:RequestedRegion', fields.region);
    if (fields.account !== '') put('aws:ResourceAccount', fields.account);
  }
  for (const key of givenKeys) out[key] = (given as Record<string, ContextValue>)[key] as ContextValue;
  return out;
}
