import { InvalidArnError, shown } from '../errors.js';
import { ACCOUNT_ID, PARTITIONS, type Partition } from './patterns.js';

/** The kinds of IAM principal a request or a policy can name. */
export type PrincipalKind = 'root' | 'role' | 'assumed-role' | 'user' | 'federated-user';

/** A parsed IAM principal ARN. */
export interface PrincipalArnParts {
  /** The ARN as given. */
  readonly arn: string;
  readonly partition: Partition;
  readonly accountId: string;
  readonly kind: PrincipalKind;
  /** Role or user name (without path); for a root, `root`. */
  readonly name: string;
  /** IAM path, `/` when none. */
  readonly path: string;
  /** Session name of an assumed-role or federated-user session. */
  readonly sessionName?: string;
  /**
   * For an assumed-role session: the role's ARN (path unknown from the session ARN, so `/`).
   * For the others: the ARN itself.
   */
  readonly identityArn: string;
}

const MAX_PRINCIPAL_ARN = 2048;

function fail(part: string, value: string, why: string): never {
  throw new InvalidArnError(part, value, `Invalid IAM principal ARN: ${why}`);
}

/**
 * Parses an IAM principal ARN: account root, role, user, assumed-role session (`arn:aws:sts::…`)
 * or federated user.
 *
 * @example
 * ```ts
 * import { parsePrincipalArn } from 'agentcore-xacct/policy';
 * parsePrincipalArn('arn:aws:sts::222222222222:assumed-role/the-caller-role/session-1').identityArn;
 * // 'arn:aws:iam::222222222222:role/the-caller-role'
 * ```
 */
export function parsePrincipalArn(arn: string): PrincipalArnParts {
  if (typeof arn !== 'string' || arn.length > MAX_PRINCIPAL_ARN)
    fail('arn', shown(arn, 200), `${shown(arn)} is not a string of at most 2048 characters.`);
  const fields = arn.split(':');
  if (fields.length !== 6 || fields[0] !== 'arn')
    fail('arn', arn, `"${arn.slice(0, 80)}" is not arn:PARTITION:iam::ACCOUNT:RESOURCE.`);
  const [, partition, service, region, accountId, resource] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!(PARTITIONS as readonly string[]).includes(partition))
    fail('partition', partition, `unknown partition "${partition.slice(0, 40)}".`);
  if (region !== '') fail('region', region, 'IAM and STS principal ARNs have an empty region.');
  if (!ACCOUNT_ID.test(accountId))
    fail('accountId', accountId, `"${accountId.slice(0, 40)}" is not a 12-digit account id.`);
  if (resource.includes('*'))
    fail('resource', resource, 'a principal ARN names one principal; use no wildcard.');
  const p = partition as Partition;
  if (service === 'iam') {
    if (resource === 'root') {
      return { arn, partition: p, accountId, kind: 'root', name: 'root', path: '/', identityArn: arn };
    }
    const slash = resource.indexOf('/');
    const type = slash < 0 ? resource : resource.slice(0, slash);
    const rest = slash < 0 ? '' : resource.slice(slash + 1);
    if ((type === 'role' || type === 'user') && rest !== '' && !rest.endsWith('/')) {
      const last = rest.lastIndexOf('/');
      const name = rest.slice(last + 1);
      const path = last < 0 ? '/' : `/${rest.slice(0, last + 1)}`;
      return { arn, partition: p, accountId, kind: type, name, path, identityArn: arn };
    }
    return fail('resource', resource, `"${resource.slice(0, 80)}" is not root, role/NAME or user/NAME.`);
  }
  if (service === 'sts') {
    const parts = resource.split('/');
    if (parts[0] === 'assumed-role' && parts.length === 3 && parts[1] !== '' && parts[2] !== '') {
      const name = parts[1] as string;
      return {
        arn,
        partition: p,
        accountId,
        kind: 'assumed-role',
        name,
        path: '/',
        sessionName: parts[2] as string,
        identityArn: `arn:${p}:iam::${accountId}:role/${name}`,
      };
    }
    if (parts[0] === 'federated-user' && parts.length === 2 && parts[1] !== '') {
      const name = parts[1] as string;
      return {
        arn,
        partition: p,
        accountId,
        kind: 'federated-user',
        name,
        path: '/',
        sessionName: name,
        identityArn: arn,
      };
    }
    return fail(
      'resource',
      resource,
      `"${resource.slice(0, 80)}" is not assumed-role/ROLE/SESSION or federated-user/NAME.`,
    );
  }
  return fail('service', service, `"${service.slice(0, 40)}" is neither iam nor sts.`);
}

/**
 * The account root ARN (`arn:aws:iam::ACCOUNT:root`) of an account id.
 *
 * @example
 * ```ts
 * accountRootArn('222222222222'); // 'arn:aws:iam::222222222222:root'
 * ```
 */
export function accountRootArn(accountId: string, partition: Partition = 'aws'): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId))
    fail('accountId', shown(accountId), `${shown(accountId, 40)} is not a 12-digit account id.`);
  if (!(PARTITIONS as readonly unknown[]).includes(partition))
    fail(
      'partition',
      shown(partition),
      `${shown(partition, 40)} is not a partition (${PARTITIONS.join(', ')}).`,
    );
  return `arn:${partition}:iam::${accountId}:root`;
}
