/**
 * The types of `doctor()`: its options, each check, the report.
 * @module
 */
import type { BedrockAgentCoreClientConfig } from '@aws-sdk/client-bedrock-agentcore';
import type { CredentialsInput } from '../credentials/types.js';
import type { CauseCode, FindingCode, PolicyDocument } from '../policy/types.js';
import type { ExtractionProbeOptions } from './extraction-probe.js';
import type { Diagnosis } from './types.js';

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
  /**
   * A denied probe's whole diagnosis: every cause with its confidence and evidence, judged with
   * the policies doctor has just read (so a policy it verified is ruled out, never blamed), and the
   * fix plan when the caller's identity policies were read too.
   */
  diagnosis?: Diagnosis;
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
