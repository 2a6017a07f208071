/**
 * The calling principal as the evaluator sees it: an IAM principal parsed from its ARN, or an AWS
 * service principal (`lambda.amazonaws.com`) calling on someone's behalf.
 * @internal
 */
import { parsePrincipalArn } from '../../arn/principal.js';

/** Kinds of caller; `role` is a role ARN given directly (AWS only ever sees its sessions). @internal */
export type CallerKind = 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'service';

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
}

// Service principals are DNS-like names; `.amazonaws.com.cn` in the China partition.
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]{0,253}\.amazonaws\.com(?:\.cn)?$/;

/**
 * Parses the caller of a request.
 *
 * @throws {@link InvalidArnError} when `principal` is neither an IAM principal ARN nor a
 *   service principal name.
 * @internal
 */
export function parseCaller(principal: string): Caller {
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
  return {
    arn: parts.arn,
    kind: parts.kind,
    partition: parts.partition,
    accountId: parts.accountId,
    name: parts.name,
    principalArn: parts.identityArn,
  };
}

/** The ARN a fix should name for the caller: its role for a session, itself otherwise. @internal */
export function grantableArn(caller: Caller): string {
  return caller.kind === 'assumed-role' ? caller.principalArn : caller.arn;
}
