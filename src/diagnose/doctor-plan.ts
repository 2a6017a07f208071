/**
 * The pure half of `doctor()`: from the options to the plan of checks (which targets, which
 * region, which probes), and from what was read to each check's verdict. No I/O: `doctor.ts`
 * runs the plan through the public API (STS, `verifyAccess`, `CrossAccountAgentClient`) and
 * hands what it read back to the functions here.
 * @internal
 */
import { arnAccountId, arnRegion, runtimeOfEndpoint } from '../arn/fields.js';
import { codeInfo } from '../policy/codes.js';
import { lintPolicy } from '../policy/lint/lint-policy.js';
import type { LintTarget } from '../policy/lint/types.js';
import type { CauseCode, Finding, PolicyDocument } from '../policy/types.js';
import type { DoctorCheck, DoctorOptions } from './doctor-types.js';

/** A resource policy Account A's checks read: the runtime, each endpoint, the memory. @internal */
export interface OwnerTarget {
  /** `runtime-policy`, `endpoint-policy:DEFAULT`, `memory-policy`. */
  id: string;
  arn: string;
  /** The code of a missing policy. */
  code: CauseCode;
}

/** One data-plane probe Account B runs. @internal */
export type Probe =
  | { kind: 'agent-card'; id: string; title: string; runtimeArn: string; qualifier: string }
  | { kind: 'memory-read'; id: string; title: string; memoryArn: string };

/** What doctor will do, from the options alone. @internal */
export interface DoctorPlan {
  /** The region the caller's clients call; `undefined` when nothing gives one. */
  region: string | undefined;
  qualifiers: readonly string[];
  /** The ARN check's verdict (pure). */
  arns: DoctorCheck;
  /** Account A's resource policies to read (empty without a target). */
  owner: OwnerTarget[];
  /** The region of Account A's control plane. */
  ownerRegion: string | undefined;
  /** The targets `verifyAccess` lints together. */
  lintTargets: LintTarget[];
  /** Account B's probes, in order; a probe without its target is a skipped check. */
  probes: Array<Probe | DoctorCheck>;
}

/** A skipped check. @internal */
export function skip(id: string, title: string, reason: string): DoctorCheck {
  return { id, title, status: 'skipped', reason };
}

/** Plans the checks of {@link DoctorOptions} (already validated). @internal */
export function planDoctor(options: DoctorOptions): DoctorPlan {
  const qualifiers = options.qualifiers ?? ['DEFAULT'];
  const targetRegion = arnRegion(options.runtimeArn) ?? arnRegion(options.memoryArn);
  const region = options.caller?.region ?? targetRegion ?? options.owner?.region;
  const fullMemory = options.memoryArn?.startsWith('arn:') === true ? options.memoryArn : undefined;

  const owner: OwnerTarget[] = [];
  const lintTargets: LintTarget[] = [];
  if (options.runtimeArn !== undefined) {
    const runtime = runtimeOfEndpoint(options.runtimeArn);
    owner.push({ id: 'runtime-policy', arn: runtime, code: 'runtime-policy-missing' });
    for (const q of qualifiers) {
      owner.push({
        id: `endpoint-policy:${q}`,
        arn: `${runtime}/runtime-endpoint/${q}`,
        code: 'endpoint-policy-missing',
      });
    }
    lintTargets.push({ runtimeArn: options.runtimeArn, qualifiers });
  }
  if (fullMemory !== undefined) {
    owner.push({ id: 'memory-policy', arn: fullMemory, code: 'memory-policy-missing' });
    lintTargets.push({ memoryArn: fullMemory });
  }

  const probes: Array<Probe | DoctorCheck> = [];
  for (const qualifier of qualifiers) {
    const id = `agent-card:${qualifier}`;
    const title = `Account B: GetAgentCard on ${qualifier} (the runtime and endpoint authorization)`;
    if (options.runtimeArn === undefined) probes.push(skip(id, title, 'no runtimeArn given'));
    else if (region === undefined) probes.push(skip(id, title, 'no region'));
    else probes.push({ kind: 'agent-card', id, title, runtimeArn: options.runtimeArn, qualifier });
  }
  const memoryTitle = 'Account B: read the memory (ListActors, one item)';
  if (options.memoryArn === undefined) probes.push(skip('memory-read', memoryTitle, 'no memoryArn given'));
  else if (region === undefined) probes.push(skip('memory-read', memoryTitle, 'no region'));
  else
    probes.push({ kind: 'memory-read', id: 'memory-read', title: memoryTitle, memoryArn: options.memoryArn });

  return {
    region,
    qualifiers,
    arns: arnCheck(options, region),
    owner,
    ownerRegion: arnRegion(owner[0]?.arn) ?? options.owner?.region,
    lintTargets,
    probes,
  };
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
      fix: codeInfo('memory-id-not-arn').fix({ ownerAccount: arnAccountId(options.runtimeArn) }),
    };
  }
  for (const arn of targets) {
    const at = arnRegion(arn);
    if (region !== undefined && at !== region) {
      return {
        id,
        title,
        status: 'fail',
        code: 'region-mismatch',
        reason: `${arn} is in ${at ?? 'no region'} but the client calls ${region}`,
        fix: codeInfo('region-mismatch').fix({ region: at, clientRegion: region }),
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

/** The title of Account A's check of one resource policy. @internal */
export function ownerTitle(arn: string): string {
  return `Account A: the resource policy on ${arn}`;
}

/** What reading one resource policy gave: none attached, the document, or why it is unknown. @internal */
export type ReadPolicy =
  | { status: 'none' }
  | { status: 'attached'; document: PolicyDocument }
  | { status: 'unreadable'; reason: string };

/** The verdict on one resource policy Account A's control plane answered. @internal */
export function policyCheck(target: OwnerTarget, read: ReadPolicy, callerArn?: string): DoctorCheck {
  const title = ownerTitle(target.arn);
  if (read.status === 'unreadable') return { id: target.id, title, status: 'fail', reason: read.reason };
  if (read.status === 'none') {
    return {
      id: target.id,
      title,
      status: 'fail',
      code: target.code,
      reason: `no resource policy is attached to ${target.arn}`,
      fix: codeInfo(target.code).fix({
        resourceArn: target.arn,
        endpointArn: target.arn,
        ownerAccount: arnAccountId(target.arn),
        grantee: callerArn,
      }),
    };
  }
  return lintCheck(
    target.id,
    title,
    lintPolicy(read.document, { kind: 'resource', attachedTo: target.arn }),
    'attached, and the linter finds no error',
  );
}

/** Passes when the linter found no error; otherwise fails with every error and the first fix. @internal */
export function lintCheck(
  id: string,
  title: string,
  findings: readonly Finding[],
  passed: string,
): DoctorCheck {
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

/** The title of the whole-setup lint check. @internal */
export const SETUP_LINT_TITLE =
  'The whole setup, linted (runtime and endpoint policies together, caller named, identity side)';
