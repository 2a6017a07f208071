/**
 * `applyAccessFix`: the I/O half of the fix planner. `planAccessFix` (or a diagnosis's `fix`)
 * computes the changes from data; this puts them, each in its own account: the resource policies
 * through Account A's control plane (PutResourcePolicy), the caller's identity policy through
 * Account B's IAM (PutRolePolicy / PutUserPolicy). `@aws-sdk/client-bedrock-agentcore-control`
 * and `@aws-sdk/client-iam` are optional peers, loaded only for the changes that need them.
 * @module
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { arnRegion } from '../arn/fields.js';
import { parsePrincipalArn } from '../arn/principal.js';
import type { SdkClient, SdkClientConfig } from '../credentials/types.js';
import { shown, ValidationError } from '../errors.js';
import { isRecord, plain, record, sdkServiceOf, shallow, string, wireData } from '../input.js';
import { loadOptionalPeer } from '../optional-peer.js';
import type { AccessFixChange, AccessFixPlan } from '../policy/fix/types.js';
import { asError, type ClientSource, type ControlPlane, openControlPlane } from './control.js';
import type { ControlPlaneAccess } from './types.js';

/**
 * Where Account B's IAM is: an `IAMClient` of yours, or the configuration of one to create
 * (IAM is global: its region only signs; default `us-east-1`).
 *
 * @example
 * ```ts
 * const iam: IamAccess = { clientConfig: { region: 'us-east-1', credentials: fromIni({ profile: 'account-b' }) } };
 * ```
 */
export type IamAccess =
  | { client: SdkClient; clientConfig?: never }
  | { clientConfig: SdkClientConfig; client?: never };

/**
 * Options of {@link applyAccessFix}: the access of each account whose policies change.
 *
 * @example
 * ```ts
 * const options: ApplyAccessFixOptions = {
 *   owner: { clientConfig: { credentials: accountACredentials } },
 *   caller: { clientConfig: { credentials: accountBCredentials } },
 * };
 * ```
 */
export interface ApplyAccessFixOptions {
  /** Account A's control plane, for the resource policies (its region is each ARN's). */
  owner?: ControlPlaneAccess;
  /** Account B's IAM, for the caller's identity policy. */
  caller?: IamAccess;
  /** Return the commands without calling AWS. Default false. */
  dryRun?: boolean;
}

/**
 * What {@link applyAccessFix} did with each change.
 *
 * @example
 * ```ts
 * for (const a of result.applied) console.log(a.status, a.change.attachTo, a.error?.message ?? '');
 * ```
 */
export interface AppliedFix {
  change: AccessFixChange;
  /** `put`: sent; `planned`: a dry run; `failed`: AWS refused it (`error` says why). */
  status: 'put' | 'planned' | 'failed';
  error?: Error;
}

/**
 * The outcome of {@link applyAccessFix}.
 *
 * @example
 * ```ts
 * if (!result.ok) console.error(result.applied.filter((a) => a.status === 'failed'));
 * ```
 */
export interface ApplyAccessFixResult {
  /** True when every change was put (or planned, in a dry run). */
  ok: boolean;
  applied: AppliedFix[];
  /** The AWS CLI commands of the changes, in order. */
  commands: string[];
}

const OPTIONS_FIX =
  'Pass { owner?: { clientConfig } | { client }, caller?: { clientConfig } | { client }, dryRun? }.';

function loadIam(): Promise<typeof import('@aws-sdk/client-iam')> {
  return loadOptionalPeer(
    '@aws-sdk/client-iam',
    'Applying an identity-policy fix',
    () => import('@aws-sdk/client-iam'),
  );
}

/**
 * Applies a fix plan: puts each changed document where it belongs, the resource policies through
 * Account A's control plane, the caller's identity policy (under its inline name) through Account
 * B's IAM. A plan that is `blocked` is refused whole: applying part of it would not allow the
 * request. Every change is attempted; one AWS refuses is reported `failed`, not thrown.
 *
 * @param plan - `planAccessFix(…)`, or `error.diagnosis.fix`.
 * @param options - Each account's access; the one whose policies do not change may be left out.
 * @returns Each change and what became of it, and the commands.
 * @throws {@link ValidationError} for a blocked plan, or a change whose account has no access given.
 *
 * @example
 * ```ts
 * import { applyAccessFix, isAgentCoreAccessDeniedError } from 'agentcore-xacct';
 * try {
 *   await client.invoke({ runtimeArn, payload });
 * } catch (error) {
 *   const fix = isAgentCoreAccessDeniedError(error) ? error.diagnosis?.fix : undefined;
 *   if (fix !== undefined) await applyAccessFix(fix, { owner: { clientConfig: a }, caller: { clientConfig: b } });
 * }
 * ```
 */
export async function applyAccessFix(
  plan: AccessFixPlan,
  options: ApplyAccessFixOptions = {},
): Promise<ApplyAccessFixResult> {
  // The plan is read whole, once: its changes carry the documents that are sent.
  const given = record(plain(plan, 'plan'), 'plan', 'Pass the plan planAccessFix returned.');
  const opts = record(shallow(options, 'options', 2), 'options', OPTIONS_FIX) as ApplyAccessFixOptions;
  if (!Array.isArray(given['changes'])) {
    throw new ValidationError(
      'plan.changes',
      `plan.changes is ${shown(given['changes'])}, not a list`,
      'Pass the plan planAccessFix returned.',
    );
  }
  if (given['blocked'] !== undefined) {
    const block = given['blocked'] as { code?: unknown; reason?: unknown };
    throw new ValidationError(
      'plan.blocked',
      `The plan is blocked (${String(block.code)}): no change to these policies allows the request, so none is applied`,
      String(block.reason ?? 'Lift the block first (see plan.blocked).'),
    );
  }
  const changes = given['changes'] as AccessFixChange[];
  for (const [i, change] of changes.entries()) {
    if (
      !isRecord(change) ||
      (change.policyKind !== 'resource' && change.policyKind !== 'identity') ||
      typeof change.attachTo !== 'string' ||
      !isRecord(change.after)
    ) {
      throw new ValidationError(
        `plan.changes[${i}]`,
        `plan.changes[${i}] is not a change of a plan`,
        'Pass the plan planAccessFix returned.',
      );
    }
    wireData(change.after, `plan.changes[${i}].after`);
    if (change.policyName !== undefined)
      string(change.policyName, `plan.changes[${i}].policyName`, 'Pass the plan planAccessFix returned.');
    const access = change.policyKind === 'resource' ? opts.owner : opts.caller;
    if (access === undefined && opts.dryRun !== true) {
      const which = change.policyKind === 'resource' ? 'owner' : 'caller';
      throw new ValidationError(
        `options.${which}`,
        `Change ${i + 1} puts a ${change.policyKind} policy in account ${change.account}, and options.${which} is not given`,
        `Pass options.${which}: the ${which === 'owner' ? 'control-plane' : 'IAM'} client (or clientConfig) of account ${change.account}.`,
      );
    }
  }
  // The clients' types take any SDK client (they compile without the optional peers): the wrong
  // service is refused here, before the first change is put.
  for (const [which, expected, name] of [
    ['owner', 'Bedrock AgentCore Control', 'BedrockAgentCoreControlClient'],
    ['caller', 'IAM', 'IAMClient'],
  ] as const) {
    const service = sdkServiceOf((opts[which] as { client?: unknown } | undefined)?.client);
    if (service !== undefined && service !== expected) {
      throw new ValidationError(
        `options.${which}.client`,
        `options.${which}.client is a client of ${service}, not a ${name}`,
        `Pass a ${name} of account ${which === 'owner' ? 'A' : 'B'} as options.${which}.client, or its configuration as options.${which}.clientConfig.`,
      );
    }
  }
  const commands = changes.map((c) => c.awsCli);
  if (opts.dryRun === true) {
    return { ok: true, applied: changes.map((change) => ({ change, status: 'planned' })), commands };
  }
  const applied: AppliedFix[] = [];
  let iamClient: { client: IAMClient; owned: boolean } | undefined;
  // One control plane per region for the run (a runtime and its endpoints share one), not a
  // client (and a credential resolution) per change.
  const planes = new Map<string, ControlPlane>();
  try {
    for (const change of changes) {
      try {
        if (change.policyKind === 'resource')
          await putResourcePolicy(change, opts.owner as ClientSource, planes);
        else {
          iamClient ??= await openIam(opts.caller as IamAccess);
          await putIdentityPolicy(change, iamClient.client);
        }
        applied.push({ change, status: 'put' });
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        applied.push({ change, status: 'failed', error: asError(error) });
      }
    }
  } finally {
    if (iamClient?.owned === true) iamClient.client.destroy();
    for (const plane of planes.values()) plane.close();
  }
  return { ok: applied.every((a) => a.status === 'put'), applied, commands };
}

async function putResourcePolicy(
  change: AccessFixChange,
  owner: ClientSource,
  planes: Map<string, ControlPlane>,
): Promise<void> {
  const region = arnRegion(change.attachTo);
  if (region === undefined) {
    throw new ValidationError(
      'plan.changes',
      `${change.attachTo} names no region`,
      'Pass the plan planAccessFix returned.',
    );
  }
  let plane = planes.get(region);
  if (plane === undefined) {
    plane = await openControlPlane(owner, region);
    if (plane === undefined)
      throw new ValidationError('options.owner', 'options.owner gives no client', OPTIONS_FIX);
    planes.set(region, plane);
  }
  await plane.putPolicy(change.attachTo, JSON.stringify(change.after));
}

async function openIam(access: IamAccess): Promise<{ client: IAMClient; owned: boolean }> {
  // An IAMClient: `options.caller` was read as one (its send() and region).
  if (access.client !== undefined) return { client: access.client as IAMClient, owned: false };
  const iam = await loadIam();
  return { client: new iam.IAMClient({ region: 'us-east-1', ...access.clientConfig }), owned: true };
}

async function putIdentityPolicy(change: AccessFixChange, client: IAMClient): Promise<void> {
  const iam = await loadIam();
  const principal = parsePrincipalArn(change.attachTo);
  const policyName = change.policyName ?? 'agentcore-xacct-caller';
  const document = JSON.stringify(change.after);
  if (principal.kind === 'user') {
    await client.send(
      new iam.PutUserPolicyCommand({
        UserName: principal.name,
        PolicyName: policyName,
        PolicyDocument: document,
      }),
    );
  } else {
    await client.send(
      new iam.PutRolePolicyCommand({
        RoleName: principal.name,
        PolicyName: policyName,
        PolicyDocument: document,
      }),
    );
  }
}
