/**
 * `doctor()`: live checks of a cross-account setup, from Account B (who am I, which regions,
 * can I reach the runtime, assume the role, read the memory) and from Account A (which resource
 * policies are attached, and what the linter says about them). Each check passes, fails with the
 * reason and the fix, or is skipped with the reason.
 *
 * STS and the control-plane client are optional peers, loaded only when a check needs them.
 * @module
 */

import type { BedrockAgentCoreClientConfig } from '@aws-sdk/client-bedrock-agentcore';
import type { BedrockAgentCoreControlClientConfig } from '@aws-sdk/client-bedrock-agentcore-control';
import { type ControlPlane, openControlPlane } from '../admin/control.js';
import { arnAccountId, arnRegion as arnRegionOf, runtimeOfEndpoint } from '../arn/fields.js';
import type { CredentialsInput } from '../credentials/types.js';
import { isAgentCoreAccessDeniedError } from '../errors.js';
import { list, optionalString, plain, record, shallow, stringList } from '../input.js';
import { loadOptionalPeer } from '../optional-peer.js';
import { explainAccess } from '../policy/evaluate/explain.js';
import { lintAccessSetup } from '../policy/lint/lint-access-setup.js';
import { lintPolicy } from '../policy/lint/lint-policy.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { CauseCode, Finding, FindingCode, PolicyDocument } from '../policy/types.js';
import { translateError } from '../runtime/access-denied.js';
import { checkOptions, type ExtractionProbeOptions, extractionCheck } from './extraction-probe.js';

/**
 * The outcome of one check.
 *
 * @example
 * ```ts
 * const failed = report.checks.filter((c) => c.status === 'fail');
 * ```
 */
export type DoctorStatus = 'pass' | 'fail' | 'skipped';

/**
 * One check of {@link doctor}.
 *
 * @example
 * ```ts
 * for (const c of report.checks) console.log(`${c.status.padEnd(7)} ${c.title}: ${c.reason}`);
 * ```
 */
export interface DoctorCheck {
  /** Stable id: `caller-identity`, `arns`, `assume-role`, `agent-card:DEFAULT`, `memory-read`, `runtime-policy`, `endpoint-policy:DEFAULT`, `memory-policy`, `setup-lint`. */
  id: string;
  title: string;
  status: DoctorStatus;
  /** What was found (or why the check was skipped). */
  reason: string;
  /** How to fix a failure. */
  fix?: string;
  /** The cause or finding code of a failure, when one applies. */
  code?: CauseCode | FindingCode;
}

/**
 * What {@link doctor} answers.
 *
 * @example
 * ```ts
 * const report: DoctorReport = await doctor({ runtimeArn, caller: { region: 'eu-west-1' } });
 * if (!report.ok) process.exitCode = 1;
 * ```
 */
export interface DoctorReport {
  /** True when no check failed. */
  ok: boolean;
  checks: DoctorCheck[];
}

/**
 * Client settings of one account: endpoint, region, credentials, request handler. Applied to the
 * STS, data-plane and control-plane clients doctor creates.
 *
 * @example
 * ```ts
 * const caller: DoctorClientConfig = { region: 'eu-west-1', credentials: fromIni({ profile: 'account-b' }) };
 * ```
 */
export interface DoctorClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: CredentialsInput;
  requestHandler?: NonNullable<BedrockAgentCoreClientConfig['requestHandler']>;
}

/**
 * Options of {@link doctor}. Every target is optional: the checks that need one are skipped.
 *
 * @example
 * ```ts
 * const options: DoctorOptions = {
 *   runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij',
 *   qualifiers: ['DEFAULT'],
 *   caller: { region: 'eu-west-1' },
 *   owner: { region: 'eu-west-1', credentials: accountACredentials },
 * };
 * ```
 */
export interface DoctorOptions {
  /** The runtime to reach. */
  runtimeArn?: string;
  /** Its endpoints; default `['DEFAULT']`. */
  qualifiers?: readonly string[];
  /** The memory to reach (a full ARN: a bare id is reported). */
  memoryArn?: string;
  /** The role in Account A to assume (pattern 2); the probes then run as its session. */
  roleArn?: string;
  /** The ExternalId the role's trust policy requires. */
  externalId?: string;
  /** Account B's client settings (the caller); default: the SDK's default chain and the ARN's region. */
  caller?: DoctorClientConfig;
  /** Account A's client settings (control plane); without them the Account A checks are skipped. */
  owner?: DoctorClientConfig;
  /**
   * The caller's identity policies, when known (doctor cannot read them from Account B without
   * IAM permissions): they let a failed probe prove its cause and the linter check both sides.
   */
  identityPolicies?: readonly PolicyDocument[];
  /**
   * Opt-in: write one event through the memory's full ARN and wait, bounded, for long-term
   * extraction to leave a record (or an extraction job) (check `memory-extraction-by-arn`; see
   * {@link probeExtractionByArn}). It writes to the memory, so it runs only when given.
   */
  extractionProbe?: ExtractionProbeOptions;
}

interface Probe {
  region: string;
  config: DoctorClientConfig;
  callerArn?: string;
}

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
  const checks: DoctorCheck[] = [];
  const qualifiers = options.qualifiers ?? ['DEFAULT'];
  const targetRegion = arnRegionOf(options.runtimeArn) ?? arnRegionOf(options.memoryArn);
  const region = options.caller?.region ?? targetRegion ?? options.owner?.region;
  const probe: Probe | undefined =
    region === undefined ? undefined : { region, config: { ...options.caller, region } };

  checks.push(await callerIdentity(probe));
  const callerCheck = checks[0];
  const callerArn = callerCheck?.status === 'pass' ? callerCheck.reason.split(' ')[0] : undefined;
  if (probe !== undefined && callerArn !== undefined) probe.callerArn = callerArn;
  checks.push(arnCheck(options, region));
  if (options.roleArn === undefined) {
    checks.push(
      skip('assume-role', 'Assume the role in Account A', 'no roleArn given (resource-policy pattern)'),
    );
  } else {
    checks.push(await assumeRole(probe, options.roleArn, options.externalId));
  }
  const policies: Record<string, PolicyDocument | undefined> = {};
  const owner = await ownerChecks(options, qualifiers, policies);
  for (const q of qualifiers) checks.push(await agentCard(probe, options, q, policies));
  checks.push(await memoryRead(probe, options, policies));
  if (options.extractionProbe !== undefined) {
    checks.push(await extractionCheck(probe, options.memoryArn, options.extractionProbe));
  }
  checks.push(...owner);
  checks.push(
    setupLint(
      options,
      qualifiers,
      policies,
      probe?.callerArn,
      owner.length > 0 && owner.every((c) => c.status !== 'skipped'),
    ),
  );
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

function skip(id: string, title: string, reason: string): DoctorCheck {
  return { id, title, status: 'skipped', reason };
}

function describe(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown };
  return `${typeof e?.name === 'string' ? e.name : 'Error'}: ${typeof e?.message === 'string' ? e.message.slice(0, 300) : String(error)}`;
}

/** STS, an optional peer: the identity and assume-role checks need it. */
function loadSts(): Promise<typeof import('@aws-sdk/client-sts')> {
  return loadOptionalPeer('@aws-sdk/client-sts', 'The doctor', () => import('@aws-sdk/client-sts'));
}

async function callerIdentity(probe: Probe | undefined): Promise<DoctorCheck> {
  const id = 'caller-identity';
  const title = "Account B: the caller's identity (STS GetCallerIdentity)";
  if (probe === undefined) return skip(id, title, 'no region: give caller.region or a target ARN');
  try {
    const sts = await loadSts();
    const client = new sts.STSClient({ ...probe.config, maxAttempts: 1 });
    try {
      const out = await client.send(new sts.GetCallerIdentityCommand({}));
      if (out.Arn === undefined) return { id, title, status: 'fail', reason: 'STS answered without an Arn' };
      return {
        id,
        title,
        status: 'pass',
        reason: `${out.Arn} (account ${out.Account ?? arnAccountId(out.Arn)})`,
      };
    } finally {
      client.destroy();
    }
  } catch (error) {
    return {
      id,
      title,
      status: 'fail',
      reason: `no usable credentials: ${describe(error)}`,
      fix: 'Give caller.credentials, or configure the default credential chain (AWS_PROFILE, instance role…).',
    };
  }
}

function arnCheck(options: DoctorOptions, region: string | undefined): DoctorCheck {
  const id = 'arns';
  const title = 'The target ARNs: full ARNs, one region, the client calling it';
  const targets = [options.runtimeArn, options.memoryArn].filter((a): a is string => a !== undefined);
  if (targets.length === 0) return skip(id, title, 'no runtimeArn or memoryArn given');
  if (options.memoryArn !== undefined && !options.memoryArn.startsWith('arn:')) {
    return {
      id,
      title,
      status: 'fail',
      code: 'memory-id-not-arn',
      reason: `memoryArn "${options.memoryArn.slice(0, 100)}" is a bare id: AWS resolves it in the caller's own account`,
      fix: "Pass the full memory ARN with the owner's account and region.",
    };
  }
  for (const arn of targets) {
    const arnRegion = arnRegionOf(arn);
    if (region !== undefined && arnRegion !== region) {
      return {
        id,
        title,
        status: 'fail',
        code: 'region-mismatch',
        reason: `${arn} is in ${arnRegion ?? 'no region'} but the client calls ${region}`,
        fix: `Call ${arnRegion ?? "the ARN's region"} (set caller.region to it, or omit it).`,
      };
    }
  }
  const owners = [...new Set(targets.map((t) => arnAccountId(t)))].join(', ');
  return {
    id,
    title,
    status: 'pass',
    reason: `${targets.length} ARN(s) in ${region ?? 'their region'}, owned by ${owners}`,
  };
}

async function assumeRole(
  probe: Probe | undefined,
  roleArn: string,
  externalId: string | undefined,
): Promise<DoctorCheck> {
  const id = 'assume-role';
  const title = `Assume ${roleArn}`;
  if (probe === undefined) return skip(id, title, 'no region');
  const sts = await loadSts();
  const client = new sts.STSClient({ ...probe.config, maxAttempts: 1 });
  try {
    const out = await client.send(
      new sts.AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'agentcore-xacct-doctor',
        ...(externalId === undefined ? {} : { ExternalId: externalId }),
      }),
    );
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
      return { id, title, status: 'fail', reason: 'STS answered without credentials' };
    }
    // The probes that follow run as the role's session, as the client would.
    probe.config = {
      ...probe.config,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
      },
    };
    if (out.AssumedRoleUser?.Arn !== undefined) probe.callerArn = out.AssumedRoleUser.Arn;
    return { id, title, status: 'pass', reason: `assumed as ${out.AssumedRoleUser?.Arn ?? roleArn}` };
  } catch (error) {
    return denied(id, title, error, {
      operation: 'AssumeRole',
      resourceArn: roleArn,
      access: { mode: 'assume-role', roleArn, ...(externalId === undefined ? {} : { externalId }) },
    });
  } finally {
    client.destroy();
  }
}

async function denied(
  id: string,
  title: string,
  error: unknown,
  call: Parameters<typeof translateError>[1],
): Promise<DoctorCheck> {
  const translated = await translateError(error, call);
  if (!isAgentCoreAccessDeniedError(translated)) {
    return { id, title, status: 'fail', reason: describe(error) };
  }
  const first = translated.diagnosis?.causes[0];
  // The code and the fix have fields of their own: the reason is the evidence and AWS's words.
  const aws = (translated.cause as Error).message;
  const reason =
    first === undefined
      ? translated.message
      : `${first.confidence} cause: ${first.evidence} AWS said: "${aws}"`;
  const check: DoctorCheck = { id, title, status: 'fail', reason };
  if (first !== undefined) {
    check.code = first.code;
    check.fix = first.fix;
  }
  return check;
}

type DataPlane = typeof import('@aws-sdk/client-bedrock-agentcore');

/** Runs one data-plane call as the caller; only an AccessDenied fails the check (diagnosed). */
async function dataPlaneProbe(
  probe: Probe,
  check: { id: string; title: string; passed: string },
  send: (sdk: DataPlane, client: InstanceType<DataPlane['BedrockAgentCoreClient']>) => Promise<unknown>,
  call: Parameters<typeof translateError>[1],
  otherErrors: 'pass' | 'fail',
): Promise<DoctorCheck> {
  const { id, title } = check;
  const sdk = await import('@aws-sdk/client-bedrock-agentcore');
  const client = new sdk.BedrockAgentCoreClient({ ...probe.config, maxAttempts: 1 });
  try {
    await send(sdk, client);
    return { id, title, status: 'pass', reason: check.passed };
  } catch (error) {
    if ((error as { name?: unknown }).name === 'AccessDeniedException') return denied(id, title, error, call);
    // Past IAM: a runtime without an A2A card still proves the caller may reach it.
    return otherErrors === 'pass'
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

/** The diagnosis inputs of a probe: proven when the caller's identity policies are known. */
function diagnoseWith(
  options: DoctorOptions,
  policies: Record<string, PolicyDocument | undefined>,
): Pick<Parameters<typeof translateError>[1], 'diagnose'> {
  return options.identityPolicies === undefined
    ? {}
    : {
        diagnose: {
          policies: { identity: options.identityPolicies, resource: policies },
          explain: explainAccess,
        },
      };
}

async function agentCard(
  probe: Probe | undefined,
  options: DoctorOptions,
  qualifier: string,
  policies: Record<string, PolicyDocument | undefined>,
): Promise<DoctorCheck> {
  const id = `agent-card:${qualifier}`;
  const title = `Account B: GetAgentCard on ${qualifier} (the runtime and endpoint authorization)`;
  const runtimeArn = options.runtimeArn;
  if (runtimeArn === undefined) return skip(id, title, 'no runtimeArn given');
  if (probe === undefined) return skip(id, title, 'no region');
  return dataPlaneProbe(
    probe,
    { id, title, passed: 'allowed: the agent card was returned' },
    (sdk, client) => client.send(new sdk.GetAgentCardCommand({ agentRuntimeArn: runtimeArn, qualifier })),
    {
      operation: 'GetAgentCard',
      resourceArn: runtimeArn,
      qualifier,
      region: probe.region,
      ...(options.roleArn === undefined ? {} : { access: { mode: 'assume-role', roleArn: options.roleArn } }),
      ...diagnoseWith(options, policies),
    },
    'pass',
  );
}

async function memoryRead(
  probe: Probe | undefined,
  options: DoctorOptions,
  policies: Record<string, PolicyDocument | undefined>,
): Promise<DoctorCheck> {
  const id = 'memory-read';
  const title = 'Account B: read the memory (ListActors, one item)';
  const memoryArn = options.memoryArn;
  if (memoryArn === undefined) return skip(id, title, 'no memoryArn given');
  if (probe === undefined) return skip(id, title, 'no region');
  return dataPlaneProbe(
    probe,
    { id, title, passed: 'allowed: ListActors answered' },
    (sdk, client) => client.send(new sdk.ListActorsCommand({ memoryId: memoryArn, maxResults: 1 })),
    {
      operation: 'ListActors',
      resourceArn: memoryArn,
      region: probe.region,
      ...diagnoseWith(options, policies),
    },
    'fail',
  );
}

async function ownerChecks(
  options: DoctorOptions,
  qualifiers: readonly string[],
  policies: Record<string, PolicyDocument | undefined>,
): Promise<DoctorCheck[]> {
  const targets: Array<{ id: string; arn: string; code: CauseCode }> = [];
  if (options.runtimeArn !== undefined) {
    const runtime = runtimeOfEndpoint(options.runtimeArn);
    targets.push({ id: 'runtime-policy', arn: runtime, code: 'runtime-policy-missing' });
    for (const q of qualifiers)
      targets.push({
        id: `endpoint-policy:${q}`,
        arn: `${runtime}/runtime-endpoint/${q}`,
        code: 'endpoint-policy-missing',
      });
  }
  if (options.memoryArn?.startsWith('arn:') === true)
    targets.push({ id: 'memory-policy', arn: options.memoryArn, code: 'memory-policy-missing' });
  const titleOf = (arn: string) => `Account A: the resource policy on ${arn}`;
  const region = arnRegionOf(targets[0]?.arn) ?? options.owner?.region;
  if (options.owner === undefined || region === undefined) {
    return targets.map((t) =>
      skip(t.id, titleOf(t.arn), "no owner settings given (Account A's checks need its credentials)"),
    );
  }
  let control: ControlPlane | undefined;
  try {
    control = await openControlPlane(
      { clientConfig: { ...options.owner, region } as BedrockAgentCoreControlClientConfig },
      region,
    );
  } catch (error) {
    return targets.map((t) => ({
      id: t.id,
      title: titleOf(t.arn),
      status: 'fail' as const,
      reason: describe(error),
    }));
  }
  const checks: DoctorCheck[] = [];
  try {
    for (const t of targets) checks.push(await policyCheck(control, t, titleOf(t.arn), policies));
  } finally {
    control?.close();
  }
  return checks;
}

async function policyCheck(
  control: ControlPlane | undefined,
  target: { id: string; arn: string; code: CauseCode },
  title: string,
  policies: Record<string, PolicyDocument | undefined>,
): Promise<DoctorCheck> {
  let text: string | undefined;
  try {
    text = await control?.getPolicy(target.arn);
  } catch (error) {
    return { id: target.id, title, status: 'fail', reason: `GetResourcePolicy failed: ${describe(error)}` };
  }
  if (text === undefined) {
    policies[target.arn] = undefined;
    return {
      id: target.id,
      title,
      status: 'fail',
      code: target.code,
      reason: `no resource policy is attached to ${target.arn}`,
      fix: `Attach one whose "Resource" is exactly ${target.arn} (grantRuntimeAccess / grantMemoryAccess do it).`,
    };
  }
  let document: PolicyDocument;
  try {
    document = JSON.parse(text) as PolicyDocument;
  } catch {
    return { id: target.id, title, status: 'fail', reason: 'the attached policy is not JSON' };
  }
  policies[target.arn] = document;
  return lintCheck(
    target.id,
    title,
    lintPolicy(document, { kind: 'resource', attachedTo: target.arn }),
    'attached, and the linter finds no error',
  );
}

/** Passes when the linter found no error; otherwise fails with every error and the first fix. */
function lintCheck(id: string, title: string, findings: readonly Finding[], passed: string): DoctorCheck {
  const errors = findings.filter((f) => f.severity === 'error');
  const first = errors[0];
  if (first === undefined) return { id, title, status: 'pass', reason: passed };
  const check: DoctorCheck = {
    id,
    title,
    status: 'fail',
    code: first.code,
    reason: errors.map((f) => `${f.code}: ${f.message}`).join(' '),
  };
  if (first.fix !== undefined) check.fix = first.fix;
  return check;
}

function setupLint(
  options: DoctorOptions,
  qualifiers: readonly string[],
  policies: Record<string, PolicyDocument | undefined>,
  callerArn: string | undefined,
  fetched: boolean,
): DoctorCheck {
  const id = 'setup-lint';
  const title =
    'The whole setup, linted (runtime and endpoint policies together, caller named, identity side)';
  if (!fetched) return skip(id, title, "Account A's policies were not read");
  const targets: LintTarget[] = [];
  if (options.runtimeArn !== undefined) targets.push({ runtimeArn: options.runtimeArn, qualifiers });
  if (options.memoryArn !== undefined) targets.push({ memoryArn: options.memoryArn });
  // An assumed-role pattern grants through the role's identity policy in Account A, not these.
  const findings = lintAccessSetup({
    targets,
    resourcePolicies: policies,
    ...(options.identityPolicies === undefined ? {} : { identityPolicies: options.identityPolicies }),
    ...(callerArn === undefined || options.roleArn !== undefined ? {} : { callerArn }),
  });
  return lintCheck(id, title, findings, 'no error found');
}
