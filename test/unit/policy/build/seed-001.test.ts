import { describe, expect, it } from 'vitest';
import { isPolicyBuildError } from '../../../../src/errors.js';
import {
  type MemoryDeliverySetupInput,
  memoryAccessPolicy,
  memoryDeliverySetup,
} from '../../../../src/policy/build/index.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';
import { loadSeed, SEED_001 } from '../../../fixtures/seeds/index.js';

// Seed 001: the AWS guide to cross-account memory, placeholders as in SEED_001.
const { accountA, accountB, region, memoryId, bucketName, topicName, streamName, executionRoleName } =
  SEED_001;
const MEMORY = `arn:aws:bedrock-agentcore:${region}:${accountA}:memory/${memoryId}`;
const READER_ROLE = `arn:aws:iam::${accountB}:role/AgentMemoryReaderRole`;
const TOPIC = `arn:aws:sns:${region}:${accountB}:${topicName}`;
const STREAM = `arn:aws:kinesis:${region}:${accountB}:stream/${streamName}`;

const delivery: MemoryDeliverySetupInput = {
  region,
  accountId: accountA,
  executionRoleName,
  s3: { bucketName },
  sns: { topicArn: TOPIC },
  kinesis: { streamArn: STREAM },
};
const all = memoryDeliverySetup(delivery);
const s3AndSns = memoryDeliverySetup({
  region,
  accountId: accountA,
  executionRoleName,
  s3: { bucketName },
  sns: { topicArn: TOPIC },
  // CreateMemory names match [a-zA-Z][a-zA-Z0-9_]{0,47}: the seed's "cross-account-memory" has
  // hyphens and is refused by the API (see the last row), so the builder is given underscores.
  memoryName: 'cross_account_memory',
  description: 'Memory with cross-account S3 and SNS delivery',
});
const kinesisOnly = memoryDeliverySetup({
  region,
  accountId: accountA,
  executionRoleName,
  kinesis: { streamArn: STREAM },
  memoryName: 'cross_account_streaming_memory',
  description: 'Memory with cross-account Kinesis streaming',
});

/** The seed's trust policy has only ArnLike aws:SourceArn; the builder adds aws:SourceAccount. */
function withoutSourceAccount(document: PolicyDocument): PolicyDocument {
  const statements = (document.Statement as readonly Statement[]).map((statement) => {
    const { StringEquals, ...rest } = statement.Condition ?? {};
    expect(StringEquals).toStrictEqual({ 'aws:SourceAccount': accountA });
    return { ...statement, Condition: rest };
  });
  return { ...document, Statement: statements };
}

/** The seed writes the memory name with hyphens; see the comment on `s3AndSns`. */
function seedCreateMemory(
  name: 'seed-001-create-memory-s3-sns' | 'seed-001-create-memory-kinesis',
  validName: string,
): unknown {
  return { ...(loadSeed(name) as object), name: validName };
}

interface Row {
  name: string;
  actual: () => unknown;
  expected: unknown;
}

const rows: Row[] = [
  {
    name: 'grant a single action to another account (explicit statement)',
    actual: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        statements: [
          {
            sid: 'AllowCrossAccountBatchCreate',
            principals: [accountB],
            actions: ['BatchCreateMemoryRecords'],
          },
        ],
      }),
    expected: { resourceArn: MEMORY, document: loadSeed('seed-001-memory-single-action') },
  },
  {
    name: 'grant read and write in one statement, actions in the seed order (explicit statement)',
    actual: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        statements: [
          {
            sid: 'AllowCrossAccountMemoryReadWrite',
            principals: [`arn:aws:iam::${accountB}:root`],
            actions: [
              'CreateEvent',
              'GetEvent',
              'ListEvents',
              'ListActors',
              'ListSessions',
              'BatchCreateMemoryRecords',
              'BatchUpdateMemoryRecords',
              'BatchDeleteMemoryRecords',
              'ListMemoryRecords',
              'RetrieveMemoryRecords',
              'GetMemoryRecord',
              'DeleteMemoryRecord',
            ],
          },
        ],
      }),
    expected: { resourceArn: MEMORY, document: loadSeed('seed-001-memory-read-write') },
  },
  {
    name: 'grant read access to a specific role (explicit statement)',
    actual: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        statements: [
          {
            sid: 'AllowSpecificRoleReadAccess',
            principals: [READER_ROLE],
            actions: ['RetrieveMemoryRecords', 'ListMemoryRecords', 'GetMemoryRecord'],
          },
        ],
      }),
    expected: { resourceArn: MEMORY, document: loadSeed('seed-001-memory-specific-role-read') },
  },
  {
    name: 'grant read access to a specific role (readers + narrowed actions): same but the default Sid',
    actual: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        readers: [READER_ROLE],
        actions: ['RetrieveMemoryRecords', 'ListMemoryRecords', 'GetMemoryRecord'],
      }).document,
    expected: (() => {
      const seed = loadSeed('seed-001-memory-specific-role-read') as { Statement: Statement[] };
      return {
        ...seed,
        Statement: seed.Statement.map((s) => ({ ...s, Sid: 'AllowCrossAccountMemoryRead' })),
      };
    })(),
  },
  {
    name: 'execution role trust policy, once the added aws:SourceAccount condition is removed',
    actual: () => withoutSourceAccount(all.trustPolicy),
    expected: loadSeed('seed-001-execution-role-trust'),
  },
  {
    name: 'execution role ARN in Account A',
    actual: () => all.executionRoleArn,
    expected: `arn:aws:iam::${accountA}:role/${executionRoleName}`,
  },
  {
    name: 'execution role permissions policy with S3, SNS and Kinesis',
    actual: () => all.permissionsPolicy,
    expected: loadSeed('seed-001-execution-role-permissions'),
  },
  {
    name: 'execution role permissions policy with Kinesis only: only the relevant statement',
    actual: () => kinesisOnly.permissionsPolicy,
    expected: (() => {
      const seed = loadSeed('seed-001-execution-role-permissions') as { Statement: Statement[] };
      return { ...seed, Statement: seed.Statement.filter((s) => s.Sid === 'AllowKinesisAccess') };
    })(),
  },
  {
    name: 'S3 bucket policy in Account B',
    actual: () => all.destinationPolicies.s3,
    expected: { resourceArn: `arn:aws:s3:::${bucketName}`, document: loadSeed('seed-001-s3-bucket-policy') },
  },
  {
    name: 'SNS topic policy in Account B',
    actual: () => all.destinationPolicies.sns,
    expected: { resourceArn: TOPIC, document: loadSeed('seed-001-sns-topic-policy') },
  },
  {
    name: 'Kinesis stream policy in Account B',
    actual: () => all.destinationPolicies.kinesis,
    expected: { resourceArn: STREAM, document: loadSeed('seed-001-kinesis-stream-policy') },
  },
  {
    name: 'only the destinations given get a policy',
    actual: () => Object.keys(kinesisOnly.destinationPolicies),
    expected: ['kinesis'],
  },
  {
    name: 'create a memory with cross-account S3 and SNS',
    actual: () => s3AndSns.createMemoryInput,
    expected: seedCreateMemory('seed-001-create-memory-s3-sns', 'cross_account_memory'),
  },
  {
    name: 'create a memory with cross-account Kinesis streaming',
    actual: () => kinesisOnly.createMemoryInput,
    expected: seedCreateMemory('seed-001-create-memory-kinesis', 'cross_account_streaming_memory'),
  },
  {
    name: "the seed's hyphenated memory name is refused (CreateMemory name pattern)",
    actual: () => {
      try {
        memoryDeliverySetup({ ...delivery, memoryName: 'cross-account-memory' });
        return 'accepted';
      } catch (error) {
        return isPolicyBuildError(error) ? error.field : error;
      }
    },
    expected: 'memoryName',
  },
];

describe('seed 001: cross-account memory policies and delivery destinations', () => {
  it.for(rows)('$name', (row) => {
    expect(row.actual()).toStrictEqual(row.expected);
  });
});
