/**
 * `agentcore-xacct policy runtime|memory|caller|trust|delivery`: prints the documents the library's
 * builders make (JSON), the equivalent AWS CLI commands (`--format cli`), or applies the
 * resource policies (`--apply`, through grantRuntimeAccess / grantMemoryAccess and the default
 * credential chain).
 * @internal
 */
import {
  type AdminResult,
  assumeRoleTrustPolicy,
  type CallerIdentityPolicyInput,
  callerIdentityPolicy,
  grantMemoryAccess,
  grantRuntimeAccess,
  isAgentCoreArn,
  type MemoryAccessPolicyInput,
  type MemoryDeliverySetupInput,
  memoryDeliverySetup,
  type PolicyDocument,
  parseArn,
  type RuntimeAccessPoliciesInput,
} from '../../index.js';
import { CliError } from '../fail.js';
import type { Output } from '../output.js';
import { oneOf } from '../read.js';

const FORMATS = ['json', 'cli'] as const;
const MEMORY_ACCESS = ['read', 'read-write'] as const;

/** Options every `policy` subcommand takes. @internal */
export interface PolicyOutputOptions {
  format: string;
  apply?: boolean;
  endpointUrl?: string;
  region?: string;
}

/** Options of `policy runtime`. @internal */
export interface RuntimePolicyOptions extends PolicyOutputOptions {
  runtimeArn: string;
  principal: string[];
  qualifier?: string[];
  action?: string[];
  orgId?: string;
}

/** Options of `policy memory`. @internal */
export interface MemoryPolicyOptions extends PolicyOutputOptions {
  memoryArn: string;
  reader?: string[];
  writer?: string[];
  orgId?: string;
}

/** Options of `policy caller`. @internal */
export interface CallerPolicyOptions extends PolicyOutputOptions {
  runtimeArn?: string[];
  qualifier?: string[];
  memoryArn?: string[];
  memoryAccess?: string;
  assumeRoleArn?: string[];
  roleName?: string;
}

/** Options of `policy trust`. @internal */
export interface TrustPolicyOptions extends PolicyOutputOptions {
  trustedPrincipal: string[];
  externalId?: string;
  orgId?: string;
  roleName?: string;
}

/** A single-quoted shell word (POSIX sh). */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function printJson(out: Output, value: unknown): void {
  out.line(JSON.stringify(value, null, 2));
}

function printAdminResult(out: Output, result: AdminResult): number {
  for (const change of result.changes) {
    const status = change.status === 'failed' ? out.red(change.status) : out.green(change.status);
    out.line(
      `${status} ${change.resourceArn}${change.error === undefined ? '' : `: ${change.error.message}`}`,
    );
  }
  for (const f of result.findings) out.line(`${f.severity} ${f.code}: ${f.message}`);
  return result.ok ? 0 : 1;
}

/** Sends through the control plane unless only the plan is wanted. */
async function resourcePolicies(
  out: Output,
  options: PolicyOutputOptions,
  resourceArn: string,
  grant: (access: { dryRun: true } | { clientConfig: Record<string, unknown> }) => Promise<AdminResult>,
): Promise<number> {
  const format = oneOf(options.format, FORMATS, '--format');
  if (options.apply === true) {
    const region = options.region ?? (isAgentCoreArn(resourceArn) ? parseArn(resourceArn).region : undefined);
    const clientConfig: Record<string, unknown> = {};
    if (region !== undefined) clientConfig.region = region;
    if (options.endpointUrl !== undefined) clientConfig.endpoint = options.endpointUrl;
    return printAdminResult(out, await grant({ clientConfig }));
  }
  const plan = await grant({ dryRun: true });
  if (format === 'cli') for (const command of plan.commands) out.line(command);
  else
    printJson(
      out,
      plan.changes.map((c) => ({ resourceArn: c.resourceArn, policy: c.document })),
    );
  return 0;
}

/** `policy runtime`. @internal */
export function runRuntimePolicy(out: Output, o: RuntimePolicyOptions): Promise<number> {
  const input: RuntimeAccessPoliciesInput = { runtimeArn: o.runtimeArn, principals: o.principal };
  if (o.qualifier !== undefined) input.qualifiers = o.qualifier;
  if (o.action !== undefined) input.actions = o.action;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  return resourcePolicies(out, o, o.runtimeArn, (access) => grantRuntimeAccess({ ...input, ...access }));
}

/** `policy memory`. @internal */
export function runMemoryPolicy(out: Output, o: MemoryPolicyOptions): Promise<number> {
  const input: MemoryAccessPolicyInput = { memoryArn: o.memoryArn };
  if (o.reader !== undefined) input.readers = o.reader;
  if (o.writer !== undefined) input.writers = o.writer;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  return resourcePolicies(out, o, o.memoryArn, (access) => grantMemoryAccess({ ...input, ...access }));
}

/** Prints an IAM policy (identity or trust) as JSON or as the `aws iam` command that sets it. */
function iamPolicy(out: Output, o: PolicyOutputOptions, document: PolicyDocument, command: string): number {
  if (o.apply === true)
    throw new CliError(
      '--apply writes AgentCore resource policies only; identity and trust policies live in IAM',
      'Print the IAM command with --format cli and run it with credentials of the role owner account.',
    );
  if (oneOf(o.format, FORMATS, '--format') === 'cli')
    out.line(`${command} --policy-document ${quote(JSON.stringify(document))}`);
  else printJson(out, document);
  return 0;
}

/** `policy caller`: the identity policy of the caller (Account B). @internal */
export function runCallerPolicy(out: Output, o: CallerPolicyOptions): number {
  const input: CallerIdentityPolicyInput = {};
  if (o.runtimeArn !== undefined) input.runtimeArns = o.runtimeArn;
  if (o.qualifier !== undefined) input.qualifiers = o.qualifier;
  if (o.memoryArn !== undefined) input.memoryArns = o.memoryArn;
  if (o.memoryAccess !== undefined)
    input.memoryAccess = oneOf(o.memoryAccess, MEMORY_ACCESS, '--memory-access');
  if (o.assumeRoleArn !== undefined) input.assumeRoleArns = o.assumeRoleArn;
  const role = quote(o.roleName ?? 'CALLER_ROLE_NAME');
  return iamPolicy(
    out,
    o,
    callerIdentityPolicy(input),
    `aws iam put-role-policy --role-name ${role} --policy-name agentcore-xacct-cross-account`,
  );
}

/** `policy trust`: the trust policy of a role in Account A that Account B assumes. @internal */
export function runTrustPolicy(out: Output, o: TrustPolicyOptions): number {
  const input: Parameters<typeof assumeRoleTrustPolicy>[0] = { trustedPrincipals: o.trustedPrincipal };
  if (o.externalId !== undefined) input.externalId = o.externalId;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  const role = quote(o.roleName ?? 'INVOKER_ROLE_NAME');
  return iamPolicy(
    out,
    o,
    assumeRoleTrustPolicy(input),
    `aws iam update-assume-role-policy --role-name ${role}`,
  );
}

/** Options of `policy delivery`. @internal */
export interface DeliveryPolicyOptions extends PolicyOutputOptions {
  region: string;
  accountId: string;
  executionRoleName: string;
  s3Bucket?: string;
  snsTopicArn?: string;
  kinesisStreamArn?: string;
  memoryName?: string;
  eventExpiryDays?: string;
}

/**
 * `policy delivery`: a memory in Account A that delivers to Account B (seed 001): the execution
 * role, the destination policies and the CreateMemory input, or the commands that create them.
 * @internal
 */
export function runDeliveryPolicy(out: Output, o: DeliveryPolicyOptions): number {
  if (o.apply === true)
    throw new CliError(
      '--apply is not available for delivery: it spans IAM, S3, SNS or Kinesis in two accounts',
      'Print the commands with --format cli and run each section with credentials of the account it names.',
    );
  const input: MemoryDeliverySetupInput = {
    region: o.region,
    accountId: o.accountId,
    executionRoleName: o.executionRoleName,
  };
  if (o.s3Bucket !== undefined) input.s3 = { bucketName: o.s3Bucket };
  if (o.snsTopicArn !== undefined) input.sns = { topicArn: o.snsTopicArn };
  if (o.kinesisStreamArn !== undefined) input.kinesis = { streamArn: o.kinesisStreamArn };
  if (o.memoryName !== undefined) input.memoryName = o.memoryName;
  if (o.eventExpiryDays !== undefined) input.eventExpiryDays = Number(o.eventExpiryDays);
  const setup = memoryDeliverySetup(input);
  if (oneOf(o.format, FORMATS, '--format') === 'json') {
    printJson(out, setup);
    return 0;
  }
  const json = (value: unknown) => quote(JSON.stringify(value));
  const role = quote(o.executionRoleName);
  const { s3, sns, kinesis } = setup.destinationPolicies;
  const lines = [
    `# Account A (${o.accountId}): the memory execution role`,
    `aws iam create-role --role-name ${role} --assume-role-policy-document ${json(setup.trustPolicy)}`,
    `aws iam put-role-policy --role-name ${role} --policy-name agentcore-memory-delivery --policy-document ${json(setup.permissionsPolicy)}`,
    ...(s3 === undefined && sns === undefined && kinesis === undefined
      ? []
      : ['# Account B: the destination policies (merge them into any policy already attached)']),
    ...(s3 === undefined
      ? []
      : [`aws s3api put-bucket-policy --bucket ${quote(o.s3Bucket ?? '')} --policy ${json(s3.document)}`]),
    ...(sns === undefined
      ? []
      : [
          `aws sns set-topic-attributes --topic-arn ${quote(sns.resourceArn)} --attribute-name Policy --attribute-value ${json(sns.document)}`,
        ]),
    ...(kinesis === undefined
      ? []
      : [
          `aws kinesis put-resource-policy --resource-arn ${quote(kinesis.resourceArn)} --policy ${json(kinesis.document)}`,
        ]),
    `# Account A (${o.accountId}): the memory`,
    `aws bedrock-agentcore-control create-memory --region ${quote(o.region)} --cli-input-json ${json(setup.createMemoryInput)}`,
  ];
  for (const line of lines) out.line(line);
  return 0;
}
