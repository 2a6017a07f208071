/**
 * Creates a memory in Account A that delivers to destinations in Account B, and says what each
 * account must apply around it.
 * @module
 */
import { arnAccountId } from '../arn/fields.js';
import { ValidationError } from '../errors.js';
import {
  type MemoryDeliverySetup,
  type MemoryDeliverySetupInput,
  memoryDeliverySetup,
} from '../policy/build/delivery.js';
import { createMemoryCommand, shellQuote } from '../policy/commands.js';
import type { ResourcePolicy } from '../policy/types.js';
import { adminOptions, openControlPlane } from './control.js';
import type { AdminOptions } from './types.js';

/**
 * Input of {@link createCrossAccountMemory}: `memoryDeliverySetup`'s input, plus how to create.
 *
 * @example
 * ```ts
 * const input: CrossAccountMemoryInput = {
 *   region: 'us-east-1',
 *   accountId: '111111111111',
 *   executionRoleName: 'MemoryCrossAccountRole',
 *   kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/memory-record-stream' },
 * };
 * ```
 */
export interface CrossAccountMemoryInput extends MemoryDeliverySetupInput {
  /** Idempotency token of CreateMemory: a retry with the same token creates no second memory. */
  clientToken?: string;
  /** Wait (polling GetMemory) until the memory is ACTIVE. Default true. */
  waitUntilActive?: boolean;
  /** Longest wait, in seconds. Default 300. */
  maxWaitSeconds?: number;
}

/**
 * Options of {@link createCrossAccountMemory}.
 *
 * @example
 * ```ts
 * const options: CreateCrossAccountMemoryOptions = { ...input, clientConfig: { region: 'us-east-1' } };
 * ```
 */
export type CreateCrossAccountMemoryOptions = AdminOptions<CrossAccountMemoryInput>;

/**
 * What one account must apply, as documents and as AWS CLI commands.
 *
 * @example
 * ```ts
 * for (const command of result.accountB.commands) console.log(command);
 * ```
 */
export interface AccountSteps {
  /** The account these steps are for. */
  accountId?: string;
  commands: string[];
}

/**
 * Result of {@link createCrossAccountMemory}.
 *
 * @example
 * ```ts
 * console.log(result.memory?.arn);
 * console.log(result.instructions);
 * ```
 */
export interface CreateCrossAccountMemoryResult {
  dryRun: boolean;
  /** Everything `memoryDeliverySetup` built: role policies, destination policies, CreateMemory input. */
  setup: MemoryDeliverySetup;
  /** The memory created (absent in a dry run). */
  memory?: { arn: string; id: string; status: string };
  /**
   * Account A, before the memory can deliver: create the execution role with its trust and
   * permissions policies (this library does not call IAM).
   */
  accountA: AccountSteps;
  /** Account B: attach the destination policies (merge them into any policy already there). */
  accountB: AccountSteps & { policies: ResourcePolicy[] };
  /** The `aws bedrock-agentcore-control create-memory` command equivalent to what was (or would be) sent. */
  createMemoryCommand: string;
  /** The steps, for a person: what Account A does, what Account B must apply, in order. */
  instructions: string;
}

/**
 * Creates a memory whose execution role delivers to an S3 bucket, SNS topic and/or Kinesis
 * stream in Account B (seed 001, "Cross-account delivery destinations"): builds everything with
 * `memoryDeliverySetup`, sends CreateMemory with the execution role and destinations, waits
 * until the memory is ACTIVE, and returns what each account must apply, as documents, AWS CLI
 * commands and a text to hand to Account B's administrators.
 *
 * The execution role must exist first (Account A, with `setup.trustPolicy` and
 * `setup.permissionsPolicy`: `accountA.commands`), and Account B's destination policies should be
 * in place before payloads flow (`accountB.commands`; they replace the destination's policy, so
 * merge them into one already attached). With `dryRun` nothing is sent.
 *
 * Not idempotent by itself: each call creates a memory, unless you pass the same `clientToken`.
 *
 * @throws {@link PolicyBuildError} or {@link InvalidArnError} for a refused input (before any
 *   request); {@link ValidationError} for both `client` and `clientConfig`, or a client in
 *   another region; the SDK's error when CreateMemory fails or the memory does not become ACTIVE.
 *
 * @example
 * ```ts
 * import { createCrossAccountMemory } from 'agentcore-xacct';
 * const result = await createCrossAccountMemory({
 *   region: 'us-east-1',
 *   accountId: '111111111111',
 *   executionRoleName: 'MemoryCrossAccountRole',
 *   s3: { bucketName: 'memory-payloads-bucket' },
 *   sns: { topicArn: 'arn:aws:sns:us-east-1:222222222222:memory-notifications' },
 *   clientConfig: { region: 'us-east-1' },
 * });
 * console.log(result.memory?.arn, result.instructions);
 * ```
 */
export async function createCrossAccountMemory(
  options: CreateCrossAccountMemoryOptions,
): Promise<CreateCrossAccountMemoryResult> {
  options = adminOptions(options, 'createCrossAccountMemory');
  const { client, clientConfig, dryRun, clientToken, waitUntilActive, maxWaitSeconds, ...input } = options;
  const setup = memoryDeliverySetup(input);
  const plan = describePlan(input, setup, dryRun === true);
  if (dryRun === true) return plan;
  const plane = await openControlPlane({ client, clientConfig }, input.region);
  if (plane === undefined) {
    throw new ValidationError(
      'client',
      'Neither client nor clientConfig is given, and this is not a dry run',
      'Pass a BedrockAgentCoreControlClient as client or its configuration as clientConfig, or dryRun: true for the plan alone.',
    );
  }
  try {
    const created = await plane.createMemory({
      ...setup.createMemoryInput,
      ...(clientToken === undefined ? {} : { clientToken }),
    });
    const memory =
      waitUntilActive === false ? created : await plane.waitForMemory(created.id, maxWaitSeconds ?? 300);
    return { ...plan, memory: { arn: memory.arn, id: memory.id, status: memory.status ?? 'UNKNOWN' } };
  } finally {
    plane.close();
  }
}

const POLICY_NAME = 'MemoryDeliveryPermissions';

function describePlan(
  input: MemoryDeliverySetupInput,
  setup: MemoryDeliverySetup,
  dryRun: boolean,
): CreateCrossAccountMemoryResult {
  const roleName = input.executionRoleName;
  const accountA: AccountSteps = {
    accountId: input.accountId,
    commands: [
      `aws iam create-role --role-name ${shellQuote(roleName)} --assume-role-policy-document ${shellQuote(JSON.stringify(setup.trustPolicy))}`,
      `aws iam put-role-policy --role-name ${shellQuote(roleName)} --policy-name ${POLICY_NAME} --policy-document ${shellQuote(JSON.stringify(setup.permissionsPolicy))}`,
    ],
  };
  const { s3, sns, kinesis } = setup.destinationPolicies;
  const policies = [s3, sns, kinesis].filter((p): p is ResourcePolicy => p !== undefined);
  const commands: string[] = [];
  const region = input.region;
  if (s3 !== undefined) {
    const bucket = s3.resourceArn.slice(s3.resourceArn.lastIndexOf(':') + 1);
    commands.push(
      `aws s3api put-bucket-policy --bucket ${shellQuote(bucket)} --policy ${shellQuote(JSON.stringify(s3.document))}`,
    );
  }
  if (sns !== undefined) {
    commands.push(
      `aws sns set-topic-attributes --region ${region} --topic-arn ${shellQuote(sns.resourceArn)} --attribute-name Policy --attribute-value ${shellQuote(JSON.stringify(sns.document))}`,
    );
  }
  if (kinesis !== undefined) {
    commands.push(
      `aws kinesis put-resource-policy --region ${region} --resource-arn ${shellQuote(kinesis.resourceArn)} --policy ${shellQuote(JSON.stringify(kinesis.document))}`,
    );
  }
  const accountIds = policies.map((p) => arnAccountId(p.resourceArn)).filter((id) => id !== undefined);
  const accountB = {
    ...(accountIds[0] === undefined ? {} : { accountId: accountIds[0] }),
    commands,
    policies,
  };
  const create = createMemoryCommand(region, { ...setup.createMemoryInput });
  return {
    dryRun,
    setup,
    accountA,
    accountB,
    createMemoryCommand: create,
    instructions: instructions(setup, accountA, accountB),
  };
}

function instructions(
  setup: MemoryDeliverySetup,
  a: AccountSteps,
  b: AccountSteps & { policies: ResourcePolicy[] },
): string {
  const lines = [
    `Account A (${a.accountId ?? 'the memory owner'}): create the memory execution role ${setup.executionRoleArn}:`,
    ...a.commands.map((c) => `  ${c}`),
    '',
    `Account B${b.accountId === undefined ? '' : ` (${b.accountId})`}: allow that role on each destination.`,
    'Each command replaces the resource policy: merge the statement into a policy already attached.',
    ...b.policies.flatMap((p, i) => [
      `  ${p.resourceArn}:`,
      `    ${JSON.stringify(p.document)}`,
      `    ${b.commands[i] ?? ''}`,
    ]),
    '',
    `Account A: create the memory ${setup.createMemoryInput.name} referencing the role and destinations (createCrossAccountMemory does this).`,
  ];
  return lines.join('\n');
}
