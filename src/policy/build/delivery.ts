/**
 * Cross-account delivery destinations of a memory: the execution role in Account A, the resource
 * policies of the S3 bucket, SNS topic and Kinesis stream in Account B, and the CreateMemory input.
 * @module
 */

import { arnFields } from '../../arn/fields.js';
import { ACCOUNT_ID, type Partition, partitionOfRegion, REGION } from '../../arn/patterns.js';
import { InvalidArnError } from '../../errors.js';
import { isRecord } from '../../input.js';
import type { PolicyDocument, ResourcePolicy, Statement } from '../types.js';
import {
  allowStatement,
  builderInput,
  POLICY_VERSION,
  quote,
  refuse,
  refuseWildcardResource,
} from './common.js';

/** Input of {@link memoryDeliverySetup}. */
export interface MemoryDeliverySetupInput {
  /** Region of the memory (Account A). */
  region: string;
  /** Account A: owner of the memory and of its execution role. */
  accountId: string;
  /** Name of the memory execution role to create in Account A. */
  executionRoleName: string;
  /** Payload delivery bucket in Account B (self-managed strategy; needs `sns` too). */
  s3?: { bucketName: string };
  /** Job notification topic in Account B (self-managed strategy; needs `s3` too). */
  sns?: { topicArn: string };
  /** Stream that receives memory records, in Account B. */
  kinesis?: { streamArn: string };
  /** Memory name (`[a-zA-Z][a-zA-Z0-9_]{0,47}`). Default `cross_account_memory`. */
  memoryName?: string;
  /** Memory description (1 to 4096 characters). */
  description?: string;
  /** Days before short-term memory events expire (7 to 365). Default 30. */
  eventExpiryDays?: number;
  /** Name of the self-managed strategy. Default `cross_account_strategy`. */
  strategyName?: string;
  /** Messages that trigger the self-managed pipeline (1 to 50). Default 5. */
  messageCount?: number;
  /** Historical messages included in the processing context. Default 10. */
  historicalContextWindowSize?: number;
}

/** The self-managed (custom) strategy of {@link DeliveryCreateMemoryInput}. */
export interface SelfManagedMemoryStrategyInput {
  customMemoryStrategy: {
    name: string;
    configuration: {
      selfManagedConfiguration: {
        triggerConditions: Array<{ messageBasedTrigger: { messageCount: number } }>;
        invocationConfiguration: { topicArn: string; payloadDeliveryBucketName: string };
        historicalContextWindowSize: number;
      };
    };
  };
}

/** The Kinesis stream delivery of {@link DeliveryCreateMemoryInput}. */
export interface KinesisStreamDeliveryResource {
  kinesis: {
    dataStreamArn: string;
    contentConfigurations: Array<{ type: 'MEMORY_RECORDS'; level: 'FULL_CONTENT' }>;
  };
}

/**
 * The `CreateMemory` input {@link memoryDeliverySetup} builds: a structural subset of the SDK's
 * `CreateMemoryCommandInput` (this module imports no SDK), with the field names of the API.
 */
export interface DeliveryCreateMemoryInput {
  name: string;
  description?: string;
  /** Days. */
  eventExpiryDuration: number;
  memoryExecutionRoleArn: string;
  memoryStrategies?: SelfManagedMemoryStrategyInput[];
  streamDeliveryResources?: { resources: KinesisStreamDeliveryResource[] };
}

/** The destination policies to attach in Account B. */
export interface DeliveryDestinationPolicies {
  /** Bucket policy; `resourceArn` is the bucket, the statement names its objects. */
  s3?: ResourcePolicy;
  /** Topic policy. */
  sns?: ResourcePolicy;
  /** Stream resource policy. */
  kinesis?: ResourcePolicy;
}

/** Output of {@link memoryDeliverySetup}. */
export interface MemoryDeliverySetup {
  /** ARN of the execution role (create it in Account A with the two policies below). */
  executionRoleArn: string;
  /** Trust policy of the execution role. */
  trustPolicy: PolicyDocument;
  /** Permissions policy of the execution role: only the destinations given. */
  permissionsPolicy: PolicyDocument;
  /** Resource policies for the destinations in Account B. */
  destinationPolicies: DeliveryDestinationPolicies;
  /** Input of `CreateMemory` in Account A. */
  createMemoryInput: DeliveryCreateMemoryInput;
}

/**
 * The service principal that assumes a memory execution role. Assumption: the same name in every
 * partition (FACTS.md names no China-specific principal for AgentCore).
 */
export const AGENTCORE_SERVICE_PRINCIPAL = 'bedrock-agentcore.amazonaws.com';

const NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$|^[A-Za-z0-9_-]{1,251}\.fifo$/;
const STREAM_RESOURCE = /^stream\/[a-zA-Z0-9_.-]{1,128}$/;

/** Validates an ARN of another service: partition, service, region, account and resource shape. */
function foreignArn(
  value: unknown,
  field: string,
  service: 'sns' | 'kinesis',
  resource: RegExp,
  partition: Partition,
  example: string,
): string {
  refuseWildcardResource(value, field);
  if (typeof value !== 'string') {
    throw new InvalidArnError(
      'arn',
      quote(value),
      `${field}: ${quote(value)} is not ${example}-like ARN (a string).`,
    );
  }
  const text = value;
  const fields = arnFields(text);
  const {
    prefix = '',
    partition: arnPartition = '',
    service: arnService = '',
    region = '',
    account: accountId = '',
    resource: rest = '',
  } = fields ?? {};
  const bad = (part: string, why: string): never => {
    throw new InvalidArnError(
      part,
      text,
      `${field}: ${quote(text)} ${why}. Expected an ARN such as ${example}.`,
    );
  };
  if (fields === undefined || rest.includes(':') || prefix !== 'arn') bad('arn', 'is not an ARN');
  if (arnPartition !== partition) bad('partition', `is not in partition ${partition}, the memory's`);
  if (arnService !== service) bad('service', `is not an ${service} ARN`);
  if (!REGION.test(region) || partitionOfRegion(region) !== partition) bad('region', 'has an invalid region');
  if (!ACCOUNT_ID.test(accountId)) bad('accountId', 'has no 12-digit account id');
  if (!resource.test(rest)) bad('resource', `does not name one ${service === 'sns' ? 'topic' : 'stream'}`);
  return text;
}

function checkBucketName(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !BUCKET_NAME.test(value) ||
    value.includes('..') ||
    IPV4.test(value) ||
    value.startsWith('xn--')
  ) {
    refuse(
      's3.bucketName',
      `${quote(value)} is not an S3 bucket name`,
      'Pass the bucket name only (not an ARN or URL): 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.',
    );
  }
  return value;
}

function checkInteger(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    refuse(
      field,
      `${quote(value)} is out of range`,
      `Use an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'up' : max}.`,
    );
  }
  return value;
}

function checkName(value: string, field: string): string {
  if (!NAME.test(value)) {
    refuse(
      field,
      `${quote(value)} is not a valid name; CreateMemory accepts [a-zA-Z][a-zA-Z0-9_]{0,47} (no hyphens)`,
      'Start with a letter; use letters, digits and underscores, 48 characters at most.',
    );
  }
  return value;
}

function destinationPolicy(
  resourceArn: string,
  sid: string,
  executionRoleArn: string,
  actions: readonly string[],
  resource: string,
): ResourcePolicy {
  return {
    resourceArn,
    document: {
      Version: POLICY_VERSION,
      Statement: [allowStatement({ sid, principals: [executionRoleArn], actions, resources: [resource] })],
    },
  };
}

/**
 * Everything a memory in Account A needs to deliver to an S3 bucket, SNS topic and Kinesis
 * stream in Account B: the execution role's trust and permissions policies, the destination
 * resource policies, and the `CreateMemory` input (a self-managed strategy when `s3` and `sns`
 * are given, stream delivery when `kinesis` is).
 *
 * The trust policy names the AgentCore service principal with `ArnLike aws:SourceArn` memory/*
 * and `StringEquals aws:SourceAccount`: right here, unlike on IAM-principal policies, because a
 * service assumes the role on the memory's behalf (confused-deputy protection).
 *
 * @throws {@link PolicyBuildError} for no destination, only one of `s3` / `sns`, invalid names,
 *   region, account or numbers.
 * @throws {@link InvalidArnError} for a malformed topic or stream ARN.
 *
 * @example
 * ```ts
 * import { memoryDeliverySetup } from 'agentcore-xacct/policy';
 * const setup = memoryDeliverySetup({
 *   region: 'us-east-1',
 *   accountId: '111111111111',
 *   executionRoleName: 'MemoryCrossAccountRole',
 *   kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/memory-record-stream' },
 * });
 * // setup.destinationPolicies.kinesis goes on the stream in Account B
 * ```
 */
export function memoryDeliverySetup(input: MemoryDeliverySetupInput): MemoryDeliverySetup {
  input = builderInput(input, 'memoryDeliverySetup');
  if (typeof input.region !== 'string' || !REGION.test(input.region)) {
    refuse('region', `${quote(input.region)} is not a region`, 'Use a region code such as us-east-1.');
  }
  if (typeof input.accountId !== 'string' || !ACCOUNT_ID.test(input.accountId)) {
    refuse('accountId', `${quote(input.accountId)} is not a 12-digit account id`, 'Use the id of Account A.');
  }
  if (typeof input.executionRoleName !== 'string' || !ROLE_NAME.test(input.executionRoleName)) {
    refuse(
      'executionRoleName',
      `${quote(input.executionRoleName)} is not an IAM role name`,
      'Use 1 to 64 letters, digits and +=,.@_- (the name only, not the ARN).',
    );
  }
  const { region, accountId } = input;
  const partition = partitionOfRegion(region);
  const executionRoleArn = `arn:${partition}:iam::${accountId}:role/${input.executionRoleName}`;
  for (const [key, member] of [
    ['s3', 'bucketName'],
    ['sns', 'topicArn'],
    ['kinesis', 'streamArn'],
  ] as const) {
    const value: unknown = input[key];
    if (value !== undefined && !isRecord(value)) {
      refuse(key, `${key} is ${quote(value)}, not an object`, `Pass ${key}: { ${member} }, or leave it out.`);
    }
  }
  if (input.s3 === undefined && input.sns === undefined && input.kinesis === undefined) {
    refuse(
      's3',
      's3, sns and kinesis are all missing: the memory would deliver nowhere',
      'Pass s3 and sns for a self-managed strategy, kinesis for stream delivery, or both.',
    );
  }
  if ((input.s3 === undefined) !== (input.sns === undefined)) {
    const missing = input.s3 === undefined ? 's3' : 'sns';
    refuse(
      missing,
      `${missing} is missing: a self-managed strategy needs both a payload bucket and a notification topic`,
      `Pass ${missing} too (CreateMemory requires topicArn and payloadDeliveryBucketName together).`,
    );
  }

  const permissions: Statement[] = [];
  const destinationPolicies: DeliveryDestinationPolicies = {};
  const createMemoryInput: DeliveryCreateMemoryInput = {
    name: checkName(input.memoryName ?? 'cross_account_memory', 'memoryName'),
    eventExpiryDuration: checkInteger(input.eventExpiryDays ?? 30, 'eventExpiryDays', 7, 365),
    memoryExecutionRoleArn: executionRoleArn,
  };
  if (input.description !== undefined) {
    if (
      typeof input.description !== 'string' ||
      input.description.length === 0 ||
      input.description.length > 4096
    ) {
      refuse(
        'description',
        'The description is empty or longer than 4096 characters',
        'Use 1 to 4096 characters.',
      );
    }
    createMemoryInput.description = input.description;
  }

  if (input.s3 !== undefined && input.sns !== undefined) {
    const bucketName = checkBucketName(input.s3.bucketName);
    const objects = `arn:${partition}:s3:::${bucketName}/*`;
    const s3Actions = ['s3:PutObject', 's3:GetObject'];
    permissions.push(allowStatement({ sid: 'AllowS3Access', actions: s3Actions, resources: [objects] }));
    destinationPolicies.s3 = destinationPolicy(
      `arn:${partition}:s3:::${bucketName}`,
      'AllowMemoryExecutionRoleAccess',
      executionRoleArn,
      s3Actions,
      objects,
    );
    const topic = foreignArn(
      input.sns.topicArn,
      'sns.topicArn',
      'sns',
      TOPIC_NAME,
      partition,
      'arn:aws:sns:us-east-1:222222222222:memory-notifications',
    );
    permissions.push(
      allowStatement({ sid: 'AllowSNSPublish', actions: ['sns:Publish'], resources: [topic] }),
    );
    destinationPolicies.sns = destinationPolicy(
      topic,
      'AllowMemoryExecutionRolePublish',
      executionRoleArn,
      ['sns:Publish'],
      topic,
    );
    createMemoryInput.memoryStrategies = [
      {
        customMemoryStrategy: {
          name: checkName(input.strategyName ?? 'cross_account_strategy', 'strategyName'),
          configuration: {
            selfManagedConfiguration: {
              triggerConditions: [
                {
                  messageBasedTrigger: {
                    messageCount: checkInteger(input.messageCount ?? 5, 'messageCount', 1, 50),
                  },
                },
              ],
              invocationConfiguration: { topicArn: topic, payloadDeliveryBucketName: bucketName },
              historicalContextWindowSize: checkInteger(
                input.historicalContextWindowSize ?? 10,
                'historicalContextWindowSize',
                0,
                Number.MAX_SAFE_INTEGER,
              ),
            },
          },
        },
      },
    ];
  }

  if (input.kinesis !== undefined) {
    const stream = foreignArn(
      input.kinesis.streamArn,
      'kinesis.streamArn',
      'kinesis',
      STREAM_RESOURCE,
      partition,
      'arn:aws:kinesis:us-east-1:222222222222:stream/memory-record-stream',
    );
    const kinesisActions = ['kinesis:PutRecords', 'kinesis:DescribeStream'];
    permissions.push(
      allowStatement({ sid: 'AllowKinesisAccess', actions: kinesisActions, resources: [stream] }),
    );
    destinationPolicies.kinesis = destinationPolicy(
      stream,
      'AllowMemoryExecutionRolePutRecords',
      executionRoleArn,
      kinesisActions,
      stream,
    );
    createMemoryInput.streamDeliveryResources = {
      resources: [
        {
          kinesis: {
            dataStreamArn: stream,
            contentConfigurations: [{ type: 'MEMORY_RECORDS', level: 'FULL_CONTENT' }],
          },
        },
      ],
    };
  }

  const trustPolicy: PolicyDocument = {
    Version: POLICY_VERSION,
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: AGENTCORE_SERVICE_PRINCIPAL },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:${partition}:bedrock-agentcore:${region}:${accountId}:memory/*` },
          StringEquals: { 'aws:SourceAccount': accountId },
        },
      },
    ],
  };
  return {
    executionRoleArn,
    trustPolicy,
    permissionsPolicy: { Version: POLICY_VERSION, Statement: permissions },
    destinationPolicies,
    createMemoryInput,
  };
}
