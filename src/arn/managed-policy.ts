import { InvalidArnError } from '../errors.js';
import { ACCOUNT_ID, PARTITIONS, type Partition } from './patterns.js';

/** A parsed IAM managed policy ARN. @internal */
export interface ManagedPolicyArnParts {
  readonly arn: string;
  readonly partition: Partition;
  /** The owning account, or `aws` for an AWS managed policy. */
  readonly owner: string;
  /** Policy name, without its path. */
  readonly name: string;
  /** IAM path, `/` when none. */
  readonly path: string;
}

/** IAM policy names: 1–128 characters of `[\w+=,.@-]`. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/**
 * Parses an IAM managed policy ARN: `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME`, or
 * `arn:PARTITION:iam::aws:policy/…` for an AWS managed policy.
 *
 * @throws `InvalidArnError` naming the part that is wrong.
 * @internal
 *
 * @example
 * ```ts
 * parseManagedPolicyArn('arn:aws:iam::aws:policy/ReadOnlyAccess').owner; // 'aws'
 * ```
 */
export function parseManagedPolicyArn(arn: string): ManagedPolicyArnParts {
  const fail = (part: string, value: string, why: string): never => {
    throw new InvalidArnError(part, value, `Invalid IAM managed policy ARN: ${why}`);
  };
  if (typeof arn !== 'string' || arn.length > 2048) {
    return fail('arn', String(arn).slice(0, 200), 'not a string of at most 2048 characters.');
  }
  const fields = arn.split(':');
  if (fields.length !== 6 || fields[0] !== 'arn' || fields[2] !== 'iam' || fields[3] !== '') {
    return fail('arn', arn, `"${arn.slice(0, 80)}" is not arn:PARTITION:iam::ACCOUNT:policy/NAME.`);
  }
  const [, partition, , , owner, resource] = fields as [string, string, string, string, string, string];
  if (!(PARTITIONS as readonly string[]).includes(partition)) {
    return fail('partition', partition, `unknown partition "${partition.slice(0, 40)}".`);
  }
  if (owner !== 'aws' && !ACCOUNT_ID.test(owner)) {
    return fail('accountId', owner, `"${owner.slice(0, 40)}" is neither a 12-digit account id nor aws.`);
  }
  const last = resource.lastIndexOf('/');
  const name = resource.slice(last + 1);
  if (!resource.startsWith('policy/') || !POLICY_NAME.test(name)) {
    return fail('resource', resource, `"${resource.slice(0, 80)}" is not policy/NAME or policy/PATH/NAME.`);
  }
  const path = resource.slice('policy'.length, last + 1);
  return { arn, partition: partition as Partition, owner, name, path };
}
