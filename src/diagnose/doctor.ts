/**
 * `doctor()`: live checks of a cross-account setup, from Account B (who am I, which regions,
 * can I reach the runtime, assume the role, read the memory) and from Account A (which resource
 * policies are attached, and what the linter says about them). Each check passes, fails with the
 * reason and the fix, or is skipped with the reason.
 *
 * Pure plan, then I/O: `planDoctor` (./doctor-plan.ts) decides the checks from the options; the
 * I/O goes through the library's own public API: `verifyAccess` reads Account A's policies, a
 * `CrossAccountAgentClient` runs Account B's probes (its AccessDenied errors come diagnosed, with
 * the policies doctor has read). STS, an optional peer, answers who the caller is and assumes
 * the role.
 * @module
 */
import { verifyAccess } from '../admin/verify.js';
import { arnAccountId } from '../arn/fields.js';
import { CrossAccountAgentClient } from '../client.js';
import type { AccessMode, CredentialsInput } from '../credentials/types.js';
import { isAgentCoreAccessDeniedError, isPolicyParseError } from '../errors.js';
import { list, optionalString, plain, record, shallow, stringList } from '../input.js';
import { loadOptionalPeer } from '../optional-peer.js';
import { DIAGNOSIS_ENGINE } from '../policy/engine.js';
import type { PolicyDocument } from '../policy/types.js';
import type { DiagnoseOptions } from './access-denied.js';
import { diagnoseAccessDenied } from './diagnose.js';
import { type ReadIdentity, readCallerPolicies } from './doctor-iam.js';
import {
  type DoctorPlan,
  lintCheck,
  ownerTitle,
  type Probe,
  planDoctor,
  policyCheck,
  type ReadPolicy,
  SETUP_LINT_TITLE,
  skip,
} from './doctor-plan.js';
import type { DoctorCheck, DoctorClientConfig, DoctorOptions, DoctorReport } from './doctor-types.js';
import { checkOptions, extractionCheck } from './extraction-probe.js';

export type {
  DoctorCheck,
  DoctorClientConfig,
  DoctorOptions,
  DoctorReport,
  DoctorStatus,
} from './doctor-types.js';

/**
 * Runs live checks of a cross-account setup and reports each one. Never throws for a failed
 * check; throws only for options it cannot use.
 *
 * From Account B (`caller`): the caller's identity (STS GetCallerIdentity), the ARNs' regions and
 * accounts, AssumeRole of `roleArn` (with `externalId`), a GetAgentCard probe of each endpoint, and
 * a memory read (ListActors, one item). A denied probe's check carries the diagnosis's first cause.
 * From Account A (`owner`): GetResourcePolicy on the runtime, every endpoint and the memory,
 * each linted, then the whole setup linted together.
 *
 * @param options - Targets and the clients' settings of each account.
 * @returns Every check, in order, with `ok` false when any failed.
 *
 * @example
 * ```ts
 * import { doctor } from 'agentcore-xacct';
 * const report = await doctor({
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   caller: { region: 'eu-west-1' },
 * });
 * for (const c of report.checks) console.log(c.status, c.id, c.reason, c.fix ?? '');
 * ```
 */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  options = doctorOptions(options);
  const plan = planDoctor(options);
  const checks: DoctorCheck[] = [];

  const identity = await callerIdentity(plan, options);
  checks.push(identity.check);
  checks.push(plan.arns);
  let callerArn = identity.arn;
  const known = await identityPolicies(plan, options, identity.arn);
  let assumed: CredentialsInput | undefined;
  if (options.roleArn === undefined) {
    checks.push(
      skip('assume-role', 'Assume the role in Account A', 'no roleArn given (resource-policy pattern)'),
    );
  } else {
    const role = await assumeRole(plan, options, options.roleArn);
    checks.push(role.check);
    callerArn = role.arn ?? callerArn;
    assumed = role.credentials;
  }

  checks.push(known.check);
  // Account A first: what it reads lets a denied probe prove its cause.
  const owner = await ownerChecks(plan, options, callerArn, known.read?.documents);
  const evidence = probeEvidence(owner, known);
  for (const probe of plan.probes) {
    checks.push('kind' in probe ? await runProbe(plan, options, probe, evidence) : probe);
  }
  if (options.extractionProbe !== undefined) {
    // Opt-in: it writes to the memory, as the caller (or the role's session, pattern 2).
    const settings =
      plan.region === undefined
        ? undefined
        : {
            region: plan.region,
            config: {
              ...callerConfig(plan, options),
              ...(assumed === undefined ? {} : { credentials: assumed }),
            },
          };
    checks.push(await extractionCheck(settings, options.memoryArn, options.extractionProbe));
  }
  checks.push(...owner.checks);
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const OPTIONS_FIX =
  'Pass { runtimeArn?, qualifiers?, memoryArn?, roleArn?, externalId?, caller?, owner?, identityPolicies?, extractionProbe? } with their documented types.';

/** The options, read once and checked: strings, lists and client configurations where documented. */
function doctorOptions(given: DoctorOptions): DoctorOptions {
  const options = record(shallow(given, 'options', 1), 'options', OPTIONS_FIX) as DoctorOptions;
  for (const key of ['runtimeArn', 'memoryArn', 'roleArn', 'externalId'] as const) {
    optionalString(options[key], key, OPTIONS_FIX);
  }
  const out: DoctorOptions = { ...options };
  // Refused before anything runs (the probe writes to the memory).
  if (options.extractionProbe !== undefined) checkOptions(options.extractionProbe);
  if (options.qualifiers !== undefined)
    out.qualifiers = stringList(plain(options.qualifiers, 'qualifiers'), 'qualifiers', OPTIONS_FIX);
  if (options.identityPolicies !== undefined) {
    out.identityPolicies = list(
      plain(options.identityPolicies, 'identityPolicies'),
      'identityPolicies',
      OPTIONS_FIX,
    ) as PolicyDocument[];
  }
  for (const key of ['caller', 'owner'] as const) {
    if (options[key] === undefined) continue;
    const config = record(
      plain(options[key], key),
      key,
      'Pass { region?, endpoint?, credentials?, requestHandler? }.',
    );
    optionalString(config['region'], `${key}.region`, 'Pass a region such as eu-west-1.');
    optionalString(
      config['endpoint'],
      `${key}.endpoint`,
      'Pass an endpoint URL such as http://127.0.0.1:4566.',
    );
    out[key] = config as DoctorClientConfig;
  }
  return out;
}

function describe(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown };
  return `${typeof e?.name === 'string' ? e.name : 'Error'}: ${typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error)}`;
}

/** STS, an optional peer: the identity and assume-role checks need it. */
function loadSts(): Promise<typeof import('@aws-sdk/client-sts')> {
  return loadOptionalPeer('@aws-sdk/client-sts', 'The doctor', () => import('@aws-sdk/client-sts'));
}

/** The caller's client settings in the plan's region. */
function callerConfig(plan: DoctorPlan, options: DoctorOptions): DoctorClientConfig & { region: string } {
  return { ...options.caller, region: plan.region as string };
}

async function callerIdentity(
  plan: DoctorPlan,
  options: DoctorOptions,
): Promise<{ check: DoctorCheck; arn?: string }> {
  const id = 'caller-identity';
  const title = "Account B: the caller's identity (STS GetCallerIdentity)";
  if (plan.region === undefined) {
    return { check: skip(id, title, 'no region: give caller.region or a target ARN') };
  }
  try {
    const sts = await loadSts();
    const client = new sts.STSClient({ ...callerConfig(plan, options), maxAttempts: 1 });
    try {
      const out = await client.send(new sts.GetCallerIdentityCommand({}));
      if (out.Arn === undefined) {
        return { check: { id, title, status: 'fail', reason: 'STS answered without an Arn' } };
      }
      return {
        check: {
          id,
          title,
          status: 'pass',
          reason: `${out.Arn} (account ${out.Account ?? arnAccountId(out.Arn)})`,
        },
        arn: out.Arn,
      };
    } finally {
      client.destroy();
    }
  } catch (error) {
    return {
      check: {
        id,
        title,
        status: 'fail',
        reason: `no usable credentials: ${describe(error)}`,
        fix: 'Give caller.credentials, or configure the default credential chain (AWS_PROFILE, instance role…).',
      },
    };
  }
}

const SESSION_NAME = 'agentcore-xacct-doctor';

async function assumeRole(
  plan: DoctorPlan,
  options: DoctorOptions,
  roleArn: string,
): Promise<{ check: DoctorCheck; arn?: string; credentials?: CredentialsInput }> {
  const id = 'assume-role';
  const title = `Assume ${roleArn}`;
  if (plan.region === undefined) return { check: skip(id, title, 'no region') };
  const externalId = options.externalId;
  const sts = await loadSts();
  const client = new sts.STSClient({ ...callerConfig(plan, options), maxAttempts: 1 });
  try {
    const out = await client.send(
      new sts.AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: SESSION_NAME,
        ...(externalId === undefined ? {} : { ExternalId: externalId }),
      }),
    );
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
      return { check: { id, title, status: 'fail', reason: 'STS answered without credentials' } };
    }
    const arn = out.AssumedRoleUser?.Arn;
    const check: DoctorCheck = { id, title, status: 'pass', reason: `assumed as ${arn ?? roleArn}` };
    const credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
    };
    return arn === undefined ? { check, credentials } : { check, arn, credentials };
  } catch (error) {
    const diagnosis = diagnoseAccessDenied(error, {
      operation: 'AssumeRole',
      accessMode: 'assume-role',
      roleArn,
      externalIdSent: externalId !== undefined,
    });
    const first = diagnosis.causes[0];
    if (first === undefined || (error as { name?: unknown }).name !== 'AccessDenied') {
      return { check: { id, title, status: 'fail', reason: describe(error) } };
    }
    return {
      check: {
        id,
        title,
        status: 'fail',
        code: first.code,
        reason: `${first.confidence} cause: ${first.evidence} AWS said: "${(error as Error).message}"`,
        fix: first.fix,
      },
    };
  } finally {
    client.destroy();
  }
}

/** The caller's identity policies: given, read through IAM, or unknown. */
async function identityPolicies(
  plan: DoctorPlan,
  options: DoctorOptions,
  callerArn: string | undefined,
): Promise<{ check: DoctorCheck; read?: ReadIdentity; source?: 'given' | 'read-live' }> {
  const id = 'caller-policies';
  const title = "Account B: the caller's identity policies (IAM, read as the caller)";
  if (options.identityPolicies !== undefined) {
    return {
      check: skip(id, title, `given (${options.identityPolicies.length} identity policies)`),
      read: { documents: [...options.identityPolicies], names: [] },
      source: 'given',
    };
  }
  if (options.roleArn !== undefined) {
    return {
      check: skip(
        id,
        title,
        "pattern 2: the probes run as the role in Account A, whose policies Account B's IAM does not hold",
      ),
    };
  }
  if (plan.region === undefined) return { check: skip(id, title, 'no region') };
  const result = await readCallerPolicies(callerArn, callerConfig(plan, options));
  return result.read === undefined ? result : { ...result, source: 'read-live' };
}

/**
 * What a denied probe's diagnosis is given: the resource policies Account A's checks read, with
 * the caller's identity policies when known (else the identity side is judged from AWS's message
 * alone). Nothing when Account A's policies were not read: the diagnosis then rests on the message.
 */
function probeEvidence(
  owner: { policies: Record<string, PolicyDocument | undefined>; read: boolean },
  known: { read?: ReadIdentity; source?: 'given' | 'read-live' },
): DiagnoseOptions | undefined {
  if (!owner.read) return undefined;
  return {
    policies: {
      resource: owner.policies,
      ...(known.read === undefined ? {} : { identity: known.read.documents }),
    },
    engine: DIAGNOSIS_ENGINE,
    policySource: known.source === 'given' ? 'given' : 'read-live',
    ...(known.read === undefined ? {} : { identityPolicyNames: known.read.names }),
  };
}

/** How the probes reach Account A: as the caller, or as the role's session (pattern 2). */
function accessOf(plan: DoctorPlan, options: DoctorOptions): AccessMode {
  const credentials = options.caller?.credentials;
  if (options.roleArn === undefined) {
    return credentials === undefined ? { mode: 'resource-policy' } : { mode: 'resource-policy', credentials };
  }
  const { credentials: _source, ...sts } = callerConfig(plan, options);
  return {
    mode: 'assume-role',
    roleArn: options.roleArn,
    sessionName: SESSION_NAME,
    ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
    ...(credentials === undefined ? {} : { sourceCredentials: credentials }),
    stsClientConfig: sts,
  };
}

/** Runs one probe through a `CrossAccountAgentClient`; only an AccessDenied fails an agent-card probe. */
async function runProbe(
  plan: DoctorPlan,
  options: DoctorOptions,
  probe: Probe,
  diagnose: DiagnoseOptions | undefined,
): Promise<DoctorCheck> {
  const { id, title } = probe;
  const { credentials: _c, region: _r, ...transport } = options.caller ?? {};
  const client = new CrossAccountAgentClient({
    region: plan.region as string,
    access: accessOf(plan, options),
    clientConfig: transport,
    retry: false,
    // A denial is diagnosed with what doctor has just read: never blamed on what it verified.
    ...(diagnose === undefined ? {} : { diagnose }),
  });
  try {
    if (probe.kind === 'agent-card') {
      await client.getAgentCard({ runtimeArn: probe.runtimeArn, qualifier: probe.qualifier });
      return { id, title, status: 'pass', reason: 'allowed: the agent card was returned' };
    }
    for await (const _actor of client.memory(probe.memoryArn).listActors({ maxResults: 1 })) break;
    return { id, title, status: 'pass', reason: 'allowed: ListActors answered' };
  } catch (error) {
    if (isAgentCoreAccessDeniedError(error)) return deniedCheck(id, title, error);
    // Past IAM: a runtime without an A2A card still proves the caller may reach it.
    return probe.kind === 'agent-card'
      ? {
          id,
          title,
          status: 'pass',
          reason: `authorized (the call got past IAM and answered ${describe(error)})`,
        }
      : { id, title, status: 'fail', reason: describe(error) };
  } finally {
    client.destroy();
  }
}

/** A probe's failed check: the diagnosis's first cause, its evidence and AWS's own words. */
function deniedCheck(
  id: string,
  title: string,
  error: import('../errors.js').AgentCoreAccessDeniedError,
): DoctorCheck {
  const first = error.diagnosis?.causes[0];
  const aws = error.cause instanceof Error ? error.cause.message : error.message;
  const reason =
    first === undefined ? error.message : `${first.confidence} cause: ${first.evidence} AWS said: "${aws}"`;
  const check: DoctorCheck = { id, title, status: 'fail', reason };
  if (first !== undefined) {
    check.code = first.code;
    check.fix = first.fix;
  }
  if (error.diagnosis !== undefined) check.diagnosis = error.diagnosis;
  return check;
}

/**
 * Account A's checks through `verifyAccess`: each resource policy read and linted, then the setup
 * as a whole; the documents read, for the probes' diagnosis.
 */
async function ownerChecks(
  plan: DoctorPlan,
  options: DoctorOptions,
  callerArn: string | undefined,
  identity: readonly PolicyDocument[] | undefined,
): Promise<{ checks: DoctorCheck[]; policies: Record<string, PolicyDocument | undefined>; read: boolean }> {
  const policies: Record<string, PolicyDocument | undefined> = {};
  const setupId = 'setup-lint';
  if (options.owner === undefined || plan.ownerRegion === undefined || plan.owner.length === 0) {
    const reason = "no owner settings given (Account A's checks need its credentials)";
    return {
      checks: [
        ...plan.owner.map((t) => skip(t.id, ownerTitle(t.arn), reason)),
        skip(setupId, SETUP_LINT_TITLE, "Account A's policies were not read"),
      ],
      policies,
      read: false,
    };
  }
  // An assumed-role pattern grants through the role's identity policy in Account A, not these.
  const namedCaller = options.roleArn === undefined ? callerArn : undefined;
  let verified: Awaited<ReturnType<typeof verifyAccess>>;
  try {
    verified = await verifyAccess({
      targets: plan.lintTargets,
      clientConfig: { ...options.owner, region: plan.ownerRegion },
      ...(namedCaller === undefined ? {} : { callerArn: namedCaller }),
      ...(identity === undefined ? {} : { identityPolicies: identity }),
    });
  } catch (error) {
    return {
      checks: [
        ...plan.owner.map((t) => ({
          id: t.id,
          title: ownerTitle(t.arn),
          status: 'fail' as const,
          reason: describe(error),
        })),
        skip(setupId, SETUP_LINT_TITLE, "Account A's policies were not read"),
      ],
      policies,
      read: false,
    };
  }
  const byArn = new Map(verified.policies.map((p) => [p.resourceArn, p]));
  const checks = plan.owner.map((target) => {
    const found = byArn.get(target.arn);
    let read: ReadPolicy;
    if (found?.status === 'attached' && found.document !== undefined) {
      policies[target.arn] = found.document;
      read = { status: 'attached', document: found.document };
    } else if (found?.status === 'none') {
      policies[target.arn] = undefined;
      read = { status: 'none' };
    } else {
      read = {
        status: 'unreadable',
        reason: isPolicyParseError(found?.error)
          ? 'the attached policy is not a policy document'
          : `GetResourcePolicy failed: ${describe(found?.error)}`,
      };
    }
    return policyCheck(target, read, namedCaller);
  });
  checks.push(lintCheck(setupId, SETUP_LINT_TITLE, verified.findings, 'no error found'));
  // The diagnosis may rely on the policies only when every one was read.
  return { checks, policies, read: verified.policies.every((p) => p.status !== 'unreadable') };
}
