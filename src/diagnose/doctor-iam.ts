/**
 * Doctor's read of the caller's own identity policies through IAM: the inline policies of its
 * role (ListRolePolicies, GetRolePolicy) and the managed ones attached to it
 * (ListAttachedRolePolicies, GetPolicy, GetPolicyVersion), documents URL-decoded as IAM sends them.
 * `@aws-sdk/client-iam` is an optional peer, loaded only here. A caller IAM does not let read its
 * own role is no failure of the setup: the check is skipped with the reason, and the diagnosis then
 * judges the identity side from AWS's message alone.
 * @internal
 */
import { parsePrincipalArn } from '../arn/principal.js';
import { isMissingDependencyError } from '../errors.js';
import { loadOptionalPeer } from '../optional-peer.js';
import type { PolicyDocument } from '../policy/types.js';
import type { DoctorCheck, DoctorClientConfig } from './doctor-types.js';

/** The identity policies read, by name, in IAM's order: inline first, then attached. @internal */
export interface ReadIdentity {
  documents: PolicyDocument[];
  /** The inline name of each document; `undefined` for a managed one. */
  names: Array<string | undefined>;
}

const ID = 'caller-policies';
const TITLE = "Account B: the caller's identity policies (IAM, read as the caller)";
const MAX_PAGES = 20;

function loadIam(): Promise<typeof import('@aws-sdk/client-iam')> {
  return loadOptionalPeer(
    '@aws-sdk/client-iam',
    "Reading the caller's identity policies",
    () => import('@aws-sdk/client-iam'),
  );
}

/** IAM's URL-encoded policy document (RFC 3986), parsed. */
function decoded(text: string | undefined): PolicyDocument {
  if (text === undefined) throw new Error('IAM answered without a policy document');
  return JSON.parse(decodeURIComponent(text)) as PolicyDocument;
}

/**
 * Reads the identity policies of the role behind `callerArn` (a role, or one of its sessions),
 * with the caller's own credentials. Users and other principals are not read (skipped).
 * @internal
 */
export async function readCallerPolicies(
  callerArn: string | undefined,
  config: DoctorClientConfig & { region: string },
): Promise<{ check: DoctorCheck; read?: ReadIdentity }> {
  if (callerArn === undefined) return { check: skipped('the caller is unknown (STS answered no identity)') };
  let roleName: string;
  try {
    const principal = parsePrincipalArn(callerArn);
    if (principal.kind !== 'role' && principal.kind !== 'assumed-role') {
      return { check: skipped(`${callerArn} is not a role or a role session: give identityPolicies`) };
    }
    // A session's name is its role's (`…:assumed-role/ROLE/SESSION`).
    roleName = principal.name;
  } catch {
    return { check: skipped(`${callerArn} is not an IAM principal ARN`) };
  }
  let iam: typeof import('@aws-sdk/client-iam');
  try {
    iam = await loadIam();
  } catch (error) {
    if (isMissingDependencyError(error)) return { check: skipped(error.message) };
    throw error;
  }
  const client = new iam.IAMClient({ ...config, maxAttempts: 1 });
  try {
    const documents: PolicyDocument[] = [];
    const names: Array<string | undefined> = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out: import('@aws-sdk/client-iam').ListRolePoliciesCommandOutput = await client.send(
        new iam.ListRolePoliciesCommand({
          RoleName: roleName,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      for (const name of out.PolicyNames ?? []) {
        const got = await client.send(new iam.GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
        documents.push(decoded(got.PolicyDocument));
        names.push(name);
      }
      marker = out.IsTruncated === true ? out.Marker : undefined;
      if (marker === undefined) break;
    }
    const inline = documents.length;
    marker = undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out: import('@aws-sdk/client-iam').ListAttachedRolePoliciesCommandOutput = await client.send(
        new iam.ListAttachedRolePoliciesCommand({
          RoleName: roleName,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      for (const attached of out.AttachedPolicies ?? []) {
        if (attached.PolicyArn === undefined) continue;
        const policy = await client.send(new iam.GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
        const version = await client.send(
          new iam.GetPolicyVersionCommand({
            PolicyArn: attached.PolicyArn,
            VersionId: policy.Policy?.DefaultVersionId ?? 'v1',
          }),
        );
        documents.push(decoded(version.PolicyVersion?.Document));
        names.push(undefined);
      }
      marker = out.IsTruncated === true ? out.Marker : undefined;
      if (marker === undefined) break;
    }
    const managed = documents.length - inline;
    return {
      check: {
        id: ID,
        title: TITLE,
        status: 'pass',
        reason: `read ${inline} inline and ${managed} managed polic${inline + managed === 1 ? 'y' : 'ies'} of role ${roleName}`,
      },
      read: { documents, names },
    };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown };
    const why = `${typeof e.name === 'string' ? e.name : 'Error'}: ${typeof e.message === 'string' ? e.message.slice(0, 300) : String(error)}`;
    return {
      check: skipped(
        `IAM did not let the caller read its role ${roleName} (${why}); give identityPolicies, or allow it iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies, iam:GetPolicy and iam:GetPolicyVersion on itself`,
      ),
    };
  } finally {
    client.destroy();
  }
}

function skipped(reason: string): DoctorCheck {
  return { id: ID, title: TITLE, status: 'skipped', reason };
}
