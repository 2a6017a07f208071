/**
 * The calling principal as the evaluator sees it: an IAM principal parsed from its ARN, or an AWS
 * service principal (`lambda.amazonaws.com`) calling on someone's behalf.
 * @internal
 */
import { parsePrincipalArn } from '../../arn/principal.js';

/**
 * Kinds of caller; `role` is a role ARN given directly (AWS only ever sees its sessions);
 * `anonymous` an unauthenticated request (`"*"`), which only a resource policy naming `"*"` allows.
 * @internal
 */
export type CallerKind =
  | 'root'
  | 'user'
  | 'role'
  | 'assumed-role'
  | 'federated-user'
  | 'service'
  | 'anonymous';

/** A parsed caller. @internal */
export interface Caller {
  /** The principal as given. */
  readonly arn: string;
  readonly kind: CallerKind;
  readonly partition: string;
  /** The caller's account; `''` for a service principal, which belongs to no account. */
  readonly accountId: string;
  /** Role or user name (without path), federated user name, or the service principal name. */
  readonly name: string;
  /**
   * The ARN AWS puts in aws:PrincipalArn: the role ARN for an assumed-role session (path unknown
   * from the session ARN, so `/`), the ARN itself otherwise; `''` for a service principal.
   */
  readonly principalArn: string;
  /**
   * The IAM path of the caller's role (`/`, `/team/`…): from a role ARN; for a session, from the
   * role ARN given as aws:PrincipalArn, else `/` (a session ARN does not carry the path).
   */
  readonly rolePath?: string;
}

/** The principal of an unauthenticated request. @internal */
export const ANONYMOUS = '*';

// Service principals are DNS-like names; `.amazonaws.com.cn` in the China partition.
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]{0,253}\.amazonaws\.com(?:\.cn)?$/;

/**
 * Parses the caller of a request: an IAM principal ARN, a service principal name, or `"*"` for an
 * anonymous request.
 *
 * @throws {@link InvalidArnError} when `principal` is none of these.
 * @internal
 */
export function parseCaller(principal: string): Caller {
  if (principal === ANONYMOUS) {
    return { arn: principal, kind: 'anonymous', partition: 'aws', accountId: '', name: '', principalArn: '' };
  }
  if (!principal.startsWith('arn:') && SERVICE_PRINCIPAL.test(principal)) {
    return {
      arn: principal,
      kind: 'service',
      partition: principal.endsWith('.cn') ? 'aws-cn' : 'aws',
      accountId: '',
      name: principal,
      principalArn: '',
    };
  }
  const parts = parsePrincipalArn(principal);
  const caller: Caller = {
    arn: parts.arn,
    kind: parts.kind,
    partition: parts.partition,
    accountId: parts.accountId,
    name: parts.name,
    principalArn: parts.identityArn,
  };
  // A session ARN does not carry its role's path: `/` is assumed, as for aws:PrincipalArn, until
  // the caller's context says otherwise (withRoleArn).
  return parts.kind === 'role' || parts.kind === 'assumed-role'
    ? { ...caller, rolePath: parts.path }
    : caller;
}

/**
 * The caller with its role's path, when `roleArn` (aws:PrincipalArn of a session, as the caller
 * knows it) is the ARN of the session's role; the caller unchanged otherwise.
 * @internal
 */
export function withRoleArn(caller: Caller, roleArn: unknown): Caller {
  if (caller.kind !== 'assumed-role' || typeof roleArn !== 'string') return caller;
  let role: ReturnType<typeof parsePrincipalArn>;
  try {
    role = parsePrincipalArn(roleArn);
  } catch {
    return caller;
  }
  if (role.kind !== 'role' || role.accountId !== caller.accountId || role.name !== caller.name) return caller;
  return { ...caller, principalArn: role.arn, rolePath: role.path };
}

/** The ARN a fix should name for the caller: its role for a session, itself otherwise. @internal */
export function grantableArn(caller: Caller): string {
  return caller.kind === 'assumed-role' ? caller.principalArn : caller.arn;
}
