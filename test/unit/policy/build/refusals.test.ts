import { describe, expect, it } from 'vitest';
import { isInvalidArnError, isPolicyBuildError } from '../../../../src/errors.js';
import {
  assumeRoleTrustPolicy,
  callerIdentityPolicy,
  invokerRolePolicy,
  type MemoryDeliverySetupInput,
  memoryAccessPolicy,
  memoryDeliverySetup,
  runtimeAccessPolicies,
} from '../../../../src/policy/build/index.js';
import { thrown } from './thrown.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const DELIVERY: MemoryDeliverySetupInput = {
  region: 'us-east-1',
  accountId: '111111111111',
  executionRoleName: 'MemoryCrossAccountRole',
  s3: { bucketName: 'memory-payloads-bucket' },
  sns: { topicArn: 'arn:aws:sns:us-east-1:222222222222:memory-notifications' },
  kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/memory-record-stream' },
};

interface BuildRefusal {
  name: string;
  build: () => unknown;
  /** PolicyBuildError: the field and finding code the refusal carries. */
  field: string;
  findingCode?: string;
  /** Words the fix must contain. */
  fixMentions?: string[];
}

interface ArnRefusal {
  name: string;
  build: () => unknown;
  /** InvalidArnError: the ARN part, and the input field the message starts with. */
  part: string;
  messageStartsWith: string;
  findingCode?: string;
}

const buildRefusals: BuildRefusal[] = [
  {
    name: 'runtime: wildcard runtime ARN',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*',
        principals: [CALLER],
      }),
    field: 'runtimeArn',
    findingCode: 'resource-wildcard',
  },
  {
    name: 'runtime: wildcard qualifier',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], qualifiers: ['*'] }),
    field: 'qualifiers[0]',
    findingCode: 'resource-wildcard',
  },
  {
    name: 'memory: wildcard memory ARN',
    build: () =>
      memoryAccessPolicy({
        memoryArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/*',
        readers: [CALLER],
      }),
    field: 'memoryArn',
    findingCode: 'resource-wildcard',
  },
  {
    name: 'delivery: wildcard SNS topic ARN',
    build: () =>
      memoryDeliverySetup({ ...DELIVERY, sns: { topicArn: 'arn:aws:sns:us-east-1:222222222222:*' } }),
    field: 'sns.topicArn',
    findingCode: 'resource-wildcard',
  },
  {
    name: 'delivery: wildcard Kinesis stream ARN',
    build: () =>
      memoryDeliverySetup({
        ...DELIVERY,
        kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/*' },
      }),
    field: 'kinesis.streamArn',
    findingCode: 'resource-wildcard',
  },
  {
    name: 'runtime: "*" principal without principalOrgId',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: ['*'] }),
    field: 'principals[0]',
    findingCode: 'broad-principal',
    fixMentions: ['principalOrgId'],
  },
  {
    name: 'memory: "*" writer without principalOrgId',
    build: () => memoryAccessPolicy({ memoryArn: MEMORY, writers: [CALLER, '*'] }),
    field: 'writers[1]',
    findingCode: 'broad-principal',
  },
  {
    name: 'trust: "*" trusted principal without principalOrgId',
    build: () => assumeRoleTrustPolicy({ trustedPrincipals: ['*'] }),
    field: 'trustedPrincipals[0]',
    findingCode: 'broad-principal',
  },
  {
    name: 'runtime: aws:SourceAccount condition on IAM principals (gotcha 3)',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: [CALLER],
        condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      }),
    field: 'condition.StringEquals.aws:SourceAccount',
    findingCode: 'source-account-condition',
    fixMentions: ['aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalOrgID'],
  },
  {
    name: 'memory: aws:SourceArn condition, any operator and key case',
    build: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        readers: [CALLER],
        condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:iam::222222222222:role/*' } },
      }),
    field: 'condition.ArnLike.AWS:SourceArn',
    findingCode: 'source-account-condition',
  },
  {
    name: 'runtime: empty principals',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [] }),
    field: 'principals',
  },
  {
    name: 'memory: no readers, writers or statements',
    build: () => memoryAccessPolicy({ memoryArn: MEMORY }),
    field: 'readers',
  },
  {
    name: 'memory: explicit statement with empty principals',
    build: () =>
      memoryAccessPolicy({ memoryArn: MEMORY, statements: [{ principals: [], actions: ['GetEvent'] }] }),
    field: 'statements[0].principals',
  },
  {
    name: 'memory: readers given as a lone string instead of a list',
    build: () => memoryAccessPolicy({ memoryArn: MEMORY, readers: CALLER as unknown as string[] }),
    field: 'readers',
  },
  {
    name: 'identity: runtimeArns given as a lone string instead of a list',
    build: () => callerIdentityPolicy({ runtimeArns: RUNTIME as unknown as string[] }),
    field: 'runtimeArns',
  },
  {
    name: 'trust: empty trusted principals',
    build: () => assumeRoleTrustPolicy({ trustedPrincipals: [] }),
    field: 'trustedPrincipals',
  },
  {
    name: 'runtime: empty qualifiers would leave the endpoint without a policy',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], qualifiers: [] }),
    field: 'qualifiers',
  },
  {
    name: 'runtime: unknown action',
    build: () =>
      runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], actions: ['InvokeAgent'] }),
    field: 'actions[0]',
    findingCode: 'unknown-action',
  },
  {
    name: 'runtime: action pattern instead of a named action',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: [CALLER],
        actions: ['bedrock-agentcore:Invoke*'],
      }),
    field: 'actions[0]',
    findingCode: 'unknown-action',
  },
  {
    name: 'runtime: action of another service',
    build: () =>
      runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], actions: ['s3:GetObject'] }),
    field: 'actions[0]',
    findingCode: 'unknown-action',
  },
  {
    name: 'runtime: memory action given to the runtime builder',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: [CALLER],
        actions: ['InvokeAgentRuntime', 'CreateEvent'],
      }),
    field: 'actions[1]',
  },
  {
    name: 'memory: runtime action given to the memory builder',
    build: () =>
      memoryAccessPolicy({ memoryArn: MEMORY, writers: [CALLER], actions: ['InvokeAgentRuntime'] }),
    field: 'actions[0]',
  },
  {
    name: 'memory: control-plane memory action (not one of the 15 data-plane actions)',
    build: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        statements: [{ principals: [CALLER], actions: ['DeleteMemory'] }],
      }),
    field: 'statements[0].actions[0]',
  },
  {
    name: 'memory: readers but only write actions',
    build: () => memoryAccessPolicy({ memoryArn: MEMORY, readers: [CALLER], actions: ['CreateEvent'] }),
    field: 'actions',
  },
  {
    name: 'memory: repeated Sid',
    build: () =>
      memoryAccessPolicy({
        memoryArn: MEMORY,
        readers: [CALLER],
        statements: [{ sid: 'AllowCrossAccountMemoryRead', principals: [CALLER], actions: ['GetEvent'] }],
      }),
    field: 'statements',
    findingCode: 'duplicate-sid',
  },
  {
    name: 'runtime: Sid with characters IAM refuses',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], sid: 'Allow-Caller' }),
    field: 'sid',
  },
  {
    name: 'runtime: malformed organization id',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: ['*'], principalOrgId: 'org-1' }),
    field: 'principalOrgId',
  },
  {
    name: 'runtime: condition names another organization than principalOrgId',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: ['*'],
        principalOrgId: 'o-a1b2c3d4e5',
        condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' } },
      }),
    field: 'condition.StringEquals.aws:PrincipalOrgID',
  },
  {
    name: 'runtime: principal of another partition',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: ['arn:aws-cn:iam::222222222222:role/caller'],
      }),
    field: 'principals[0]',
  },
  {
    name: 'identity: wildcard region and caller account in the runtime ARN (gotcha 4)',
    build: () =>
      callerIdentityPolicy({ runtimeArns: ['arn:aws:bedrock-agentcore:*:222222222222:runtime/*'] }),
    field: 'runtimeArns[0]',
    findingCode: 'identity-wrong-account',
  },
  {
    name: 'identity: wildcard account in the runtime ARN',
    build: () => callerIdentityPolicy({ runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:*:runtime/*'] }),
    field: 'runtimeArns[0]',
    findingCode: 'identity-wrong-account',
  },
  {
    name: 'identity: wildcard account in a memory ARN',
    build: () => callerIdentityPolicy({ memoryArns: ['arn:aws:bedrock-agentcore:eu-west-1:*:memory/*'] }),
    field: 'memoryArns[0]',
    findingCode: 'identity-wrong-account',
  },
  {
    name: 'identity: nothing to grant',
    build: () => callerIdentityPolicy({}),
    field: 'runtimeArns',
  },
  {
    name: 'identity: memoryAccess without memoryArns',
    build: () => callerIdentityPolicy({ runtimeArns: [RUNTIME], memoryAccess: 'read-write' }),
    field: 'memoryAccess',
  },
  {
    name: 'identity: unknown memory access level',
    build: () => callerIdentityPolicy({ memoryArns: [MEMORY], memoryAccess: 'write' as 'read' }),
    field: 'memoryAccess',
  },
  {
    name: 'identity: sts:AssumeRole on a user ARN',
    build: () => callerIdentityPolicy({ assumeRoleArns: ['arn:aws:iam::111111111111:user/alice'] }),
    field: 'assumeRoleArns[0]',
  },
  {
    name: 'invoker role: no runtime ARN',
    build: () => invokerRolePolicy({ runtimeArns: [] }),
    field: 'runtimeArns',
  },
  {
    name: 'trust: ExternalId too short',
    build: () => assumeRoleTrustPolicy({ trustedPrincipals: [CALLER], externalId: 'x' }),
    field: 'externalId',
  },
  {
    name: 'delivery: no destination at all',
    build: () =>
      memoryDeliverySetup({ region: 'us-east-1', accountId: '111111111111', executionRoleName: 'R' }),
    field: 's3',
  },
  {
    name: 'delivery: S3 without SNS (the self-managed strategy needs both)',
    build: () => {
      const { sns: _sns, ...rest } = DELIVERY;
      return memoryDeliverySetup(rest);
    },
    field: 'sns',
  },
  {
    name: 'delivery: bucket ARN instead of a bucket name',
    build: () =>
      memoryDeliverySetup({ ...DELIVERY, s3: { bucketName: 'arn:aws:s3:::memory-payloads-bucket' } }),
    field: 's3.bucketName',
  },
  {
    name: 'delivery: event expiry below 7 days',
    build: () => memoryDeliverySetup({ ...DELIVERY, eventExpiryDays: 5 }),
    field: 'eventExpiryDays',
  },
  {
    name: 'delivery: message count above 50',
    build: () => memoryDeliverySetup({ ...DELIVERY, messageCount: 51 }),
    field: 'messageCount',
  },
  {
    name: 'delivery: role ARN instead of a role name',
    build: () => memoryDeliverySetup({ ...DELIVERY, executionRoleName: 'arn:aws:iam::111111111111:role/R' }),
    field: 'executionRoleName',
  },
];

const arnRefusals: ArnRefusal[] = [
  {
    name: 'runtime: 11-digit account in the runtime ARN',
    build: () =>
      runtimeAccessPolicies({
        runtimeArn: 'arn:aws:bedrock-agentcore:eu-west-1:11111111111:runtime/agent-abcdefghij',
        principals: [CALLER],
      }),
    part: 'accountId',
    messageStartsWith: 'runtimeArn:',
  },
  {
    name: 'runtime: endpoint ARN where the runtime ARN belongs',
    build: () =>
      runtimeAccessPolicies({ runtimeArn: `${RUNTIME}/runtime-endpoint/DEFAULT`, principals: [CALLER] }),
    part: 'resourceType',
    messageStartsWith: 'runtimeArn:',
  },
  {
    name: 'runtime: invalid qualifier',
    build: () => runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], qualifiers: ['1st'] }),
    part: 'endpointName',
    messageStartsWith: 'qualifiers[0]:',
  },
  {
    name: 'runtime: group ARN as principal',
    build: () =>
      runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: ['arn:aws:iam::222222222222:group/devs'] }),
    part: 'resource',
    messageStartsWith: 'principals[0]:',
  },
  {
    name: 'memory: bare memory id, which would resolve in the caller account',
    build: () => memoryAccessPolicy({ memoryArn: 'shared_memory-abcdefghij', readers: [CALLER] }),
    part: 'accountId',
    messageStartsWith: 'memoryArn:',
    findingCode: 'memory-id-not-arn',
  },
  {
    name: 'identity: bare memory id',
    build: () => callerIdentityPolicy({ memoryArns: ['shared_memory-abcdefghij'] }),
    part: 'accountId',
    messageStartsWith: 'memoryArns[0]:',
    findingCode: 'memory-id-not-arn',
  },
  {
    name: 'identity: endpoint pattern passed as a runtime ARN',
    build: () =>
      callerIdentityPolicy({
        runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/*/runtime-endpoint/*'],
      }),
    part: 'resource',
    messageStartsWith: 'runtimeArns[0]:',
  },
  {
    name: 'delivery: SNS topic in another partition',
    build: () =>
      memoryDeliverySetup({ ...DELIVERY, sns: { topicArn: 'arn:aws-cn:sns:cn-north-1:222222222222:topic' } }),
    part: 'partition',
    messageStartsWith: 'sns.topicArn:',
  },
  {
    name: 'delivery: Kinesis ARN of a consumer, not a stream',
    build: () =>
      memoryDeliverySetup({
        ...DELIVERY,
        kinesis: { streamArn: 'arn:aws:kinesis:us-east-1:222222222222:stream/s/consumer/c:1' },
      }),
    part: 'arn',
    messageStartsWith: 'kinesis.streamArn:',
  },
];

describe('builder refusals: PolicyBuildError', () => {
  it.for(buildRefusals)('$name', (row) => {
    const error = thrown(row.build);
    expect(isPolicyBuildError(error)).toBe(true);
    if (!isPolicyBuildError(error)) return;
    expect(error.field).toBe(row.field);
    expect(error.findingCode).toBe(row.findingCode);
    expect(error.message).toContain(`(field: ${row.field})`);
    expect(error.fix.length).toBeGreaterThan(10);
    for (const word of row.fixMentions ?? []) expect(error.fix).toContain(word);
  });
});

describe('builder refusals: InvalidArnError', () => {
  it.for(arnRefusals)('$name', (row) => {
    const error = thrown(row.build);
    expect(isInvalidArnError(error)).toBe(true);
    if (!isInvalidArnError(error)) return;
    expect(error.part).toBe(row.part);
    expect(error.message.startsWith(row.messageStartsWith)).toBe(true);
    expect(error.findingCode).toBe(row.findingCode);
  });
});
