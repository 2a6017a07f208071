/**
 * `agentcore-xacct policy runtime|gateway|harness|memory|caller|trust|delivery`: prints the
 * documents the library's builders make (JSON), the equivalent AWS CLI commands (`--output
 * text`), or applies the resource policies (`--apply`, through grantRuntimeAccess,
 * grantGatewayAccess, grantHarnessAccess or grantMemoryAccess and the default credential chain).
 * @internal
 */
import {
  type AdminResult,
  assumeRoleTrustPolicy,
  type CallerIdentityPolicyInput,
  callerIdentityPolicy,
  type GatewayAccessPolicyInput,
  grantGatewayAccess,
  grantHarnessAccess,
  grantMemoryAccess,
  grantRuntimeAccess,
  type HarnessAccessPoliciesInput,
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
import { printCommand } from '../report.js';
import { quote } from '../shell.js';
import type { OptionsOf } from '../spec.js';

/** Options every `policy` subcommand takes. @internal */
export interface PolicyOutputOptions {
  /** `json` the documents, `text` the equivalent AWS CLI commands. */
  output: 'json' | 'text';
  apply?: boolean;
  endpointUrl?: string;
  region?: string;
}

/** Options of `policy runtime`, as declared in ../spec.ts. @internal */
export type RuntimePolicyOptions = OptionsOf<'policy runtime'>;

/** Options of `policy gateway`, as declared in ../spec.ts. @internal */
export type GatewayPolicyOptions = OptionsOf<'policy gateway'>;

/** Options of `policy harness`, as declared in ../spec.ts. @internal */
export type HarnessPolicyOptions = OptionsOf<'policy harness'>;

/** Options of `policy memory`, as declared in ../spec.ts. @internal */
export type MemoryPolicyOptions = OptionsOf<'policy memory'>;

/** Options of `policy caller`, as declared in ../spec.ts. @internal */
export type CallerPolicyOptions = OptionsOf<'policy caller'>;

/** Options of `policy trust`, as declared in ../spec.ts. @internal */
export type TrustPolicyOptions = OptionsOf<'policy trust'>;

function printJson(out: Output, value: unknown): void {
  out.data(JSON.stringify(value, null, 2));
}

/** Prints shell commands one `--flag value` a line, documents pretty-printed: each fits a terminal. */
function printCommands(out: Output, commands: readonly string[]): void {
  for (const command of commands) printCommand(out, command, '');
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
  if (options.apply === true) {
    const region = options.region ?? (isAgentCoreArn(resourceArn) ? parseArn(resourceArn).region : undefined);
    const clientConfig: Record<string, unknown> = {};
    if (region !== undefined) clientConfig.region = region;
    if (options.endpointUrl !== undefined) clientConfig.endpoint = options.endpointUrl;
    return printAdminResult(out, await grant({ clientConfig }));
  }
  const plan = await grant({ dryRun: true });
  if (options.output === 'text') printCommands(out, plan.commands);
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
  if (o.action !== undefined && o.preset !== undefined)
    throw new CliError('--action and --preset both say which actions to grant', 'Give one of them.');
  if (o.action !== undefined) input.actions = o.action;
  if (o.preset !== undefined) input.actions = o.preset;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  return resourcePolicies(out, o, o.runtimeArn, (access) => grantRuntimeAccess({ ...input, ...access }));
}

/** `policy gateway`. @internal */
export function runGatewayPolicy(out: Output, o: GatewayPolicyOptions): Promise<number> {
  const input: GatewayAccessPolicyInput = { gatewayArn: o.gatewayArn, principals: o.principal };
  if (o.action !== undefined) input.actions = o.action;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  return resourcePolicies(out, o, o.gatewayArn, (access) => grantGatewayAccess({ ...input, ...access }));
}

/** `policy harness`. @internal */
export function runHarnessPolicy(out: Output, o: HarnessPolicyOptions): Promise<number> {
  const input: HarnessAccessPoliciesInput = { harnessArn: o.harnessArn, principals: o.principal };
  if (o.qualifier !== undefined) input.qualifiers = o.qualifier;
  if (o.orgId !== undefined) input.principalOrgId = o.orgId;
  return resourcePolicies(out, o, o.harnessArn, (access) => grantHarnessAccess({ ...input, ...access }));
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
      'Print the IAM command with --output text and run it with credentials of the role owner account.',
    );
  if (o.output === 'text')
    printCommands(out, [`${command} --policy-document ${quote(JSON.stringify(document))}`]);
  else printJson(out, document);
  return 0;
}

/** The inline policy name `policy caller` puts the caller's policy under, by default. */
const CALLER_POLICY_NAME = 'agentcore-xacct-cross-account';

/**
 * `policy caller`: the identity policy of the caller (Account B); with `--apply`, put on
 * `--role-name` through IAM (PutRolePolicy, the default credential chain: Account B's).
 * @internal
 */
export async function runCallerPolicy(out: Output, o: CallerPolicyOptions): Promise<number> {
  const input: CallerIdentityPolicyInput = {};
  if (o.runtimeArn !== undefined) input.runtimeArns = o.runtimeArn;
  if (o.qualifier !== undefined) input.qualifiers = o.qualifier;
  if (o.preset !== undefined) input.runtimeActions = o.preset;
  if (o.gatewayArn !== undefined) input.gatewayArns = o.gatewayArn;
  if (o.harnessArn !== undefined) input.harnessArns = o.harnessArn;
  if (o.harnessQualifier !== undefined) input.harnessQualifiers = o.harnessQualifier;
  if (o.memoryArn !== undefined) input.memoryArns = o.memoryArn;
  if (o.memoryAccess !== undefined) input.memoryAccess = o.memoryAccess;
  if (o.assumeRoleArn !== undefined) input.assumeRoleArns = o.assumeRoleArn;
  const document = callerIdentityPolicy(input);
  const policyName = o.policyName ?? CALLER_POLICY_NAME;
  if (o.apply === true) {
    if (o.roleName === undefined) {
      throw new CliError(
        '--apply needs --role-name: the role in Account B the policy is put on',
        'Add --role-name the-caller-role (the role name, without its path).',
      );
    }
    // An optional peer: the CLI reports a missing package with its install command.
    const iam = await import('@aws-sdk/client-iam');
    const client = new iam.IAMClient({
      region: o.region ?? 'us-east-1',
      ...(o.endpointUrl === undefined ? {} : { endpoint: o.endpointUrl }),
    });
    try {
      await client.send(
        new iam.PutRolePolicyCommand({
          RoleName: o.roleName,
          PolicyName: policyName,
          PolicyDocument: JSON.stringify(document),
        }),
      );
    } finally {
      client.destroy();
    }
    out.line(`${out.green('put')} ${policyName} on role ${o.roleName} (IAM PutRolePolicy)`);
    return 0;
  }
  const role = quote(o.roleName ?? 'CALLER_ROLE_NAME');
  return iamPolicy(
    out,
    o,
    document,
    `aws iam put-role-policy --role-name ${role} --policy-name ${quote(policyName)}`,
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

/** Options of `policy delivery`, as declared in ../spec.ts. @internal */
export type DeliveryPolicyOptions = OptionsOf<'policy delivery'>;

/**
 * `policy delivery`: a memory in Account A that delivers to Account B (seed 001): the execution
 * role, the destination policies and the CreateMemory input, or the commands that create them.
 * @internal
 */
export function runDeliveryPolicy(out: Output, o: DeliveryPolicyOptions): number {
  if (o.apply === true)
    throw new CliError(
      '--apply is not available for delivery: it spans IAM, S3, SNS or Kinesis in two accounts',
      'Print the commands with --output text and run each section with credentials of the account it names.',
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
  if (o.eventExpiryDays !== undefined) input.eventExpiryDays = o.eventExpiryDays;
  const setup = memoryDeliverySetup(input);
  if (o.output === 'json') {
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
      : ['# Account B: the destination policies (merge them into those already attached)']),
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
  printCommands(out, lines);
  return 0;
}
