import { describe, expect, it } from 'vitest';
import {
  MEMORY_READ_ACTIONS,
  MEMORY_WRITE_ACTIONS,
  RUNTIME_INVOKE_ACTIONS,
} from '../../../../src/policy/actions.js';
import {
  assumeRoleTrustPolicy,
  callerIdentityPolicy,
  invokerRolePolicy,
  memoryAccessPolicy,
  memoryDeliverySetup,
  runtimeAccessPolicies,
} from '../../../../src/policy/build/index.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';

const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const WRITER = 'arn:aws:iam::333333333333:role/producer';
const INVOKE = [...RUNTIME_INVOKE_ACTIONS];
const READ = [...MEMORY_READ_ACTIONS];
const WRITE = [...MEMORY_WRITE_ACTIONS];

function statements(document: PolicyDocument): readonly Statement[] {
  return document.Statement as readonly Statement[];
}

interface Row {
  name: string;
  actual: () => unknown;
  expected: unknown;
}

const rows: Row[] = [
  {
    name: 'runtime: one principal and one action are emitted as strings',
    actual: () =>
      statements(
        runtimeAccessPolicies({ runtimeArn: RUNTIME, principals: [CALLER], actions: ['InvokeAgentRuntime'] })
          .runtime.document,
      )[0],
    expected: {
      Sid: 'AllowCrossAccountInvoke',
      Effect: 'Allow',
      Principal: { AWS: CALLER },
      Action: 'bedrock-agentcore:InvokeAgentRuntime',
      Resource: RUNTIME,
    },
  },
  {
    name: 'runtime: repeats removed in order, account id and its root ARN are one principal, action case fixed',
    actual: () => {
      const [statement] = statements(
        runtimeAccessPolicies({
          runtimeArn: RUNTIME,
          principals: [CALLER, '222222222222', CALLER, 'arn:aws:iam::222222222222:root'],
          actions: ['getagentcard', 'bedrock-agentcore:GetAgentCard', 'StopRuntimeSession'],
        }).runtime.document,
      );
      return [statement?.Principal, statement?.Action];
    },
    expected: [
      { AWS: [CALLER, 'arn:aws:iam::222222222222:root'] },
      ['bedrock-agentcore:GetAgentCard', 'bedrock-agentcore:StopRuntimeSession'],
    ],
  },
  {
    name: 'runtime: one endpoint policy per qualifier, each naming its own endpoint ARN',
    actual: () =>
      runtimeAccessPolicies({
        runtimeArn: RUNTIME,
        principals: [CALLER],
        qualifiers: ['DEFAULT', 'prod', 'DEFAULT'],
      }).endpoints.map((p) => [p.resourceArn, statements(p.document)[0]?.Resource]),
    expected: [
      [`${RUNTIME}/runtime-endpoint/DEFAULT`, `${RUNTIME}/runtime-endpoint/DEFAULT`],
      [`${RUNTIME}/runtime-endpoint/prod`, `${RUNTIME}/runtime-endpoint/prod`],
    ],
  },
  {
    name: 'runtime: "*" with principalOrgId adds StringEquals aws:PrincipalOrgID next to the given condition',
    actual: () =>
      statements(
        runtimeAccessPolicies({
          runtimeArn: RUNTIME,
          principals: ['*', CALLER],
          principalOrgId: 'o-a1b2c3d4e5',
          condition: { StringEquals: { 'aws:PrincipalAccount': '222222222222' } },
        }).runtime.document,
      )[0],
    expected: {
      Sid: 'AllowCrossAccountInvoke',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: INVOKE,
      Resource: RUNTIME,
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': '222222222222', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      },
    },
  },
  {
    name: 'runtime: partition of a bare account id follows the runtime (aws-cn)',
    actual: () =>
      statements(
        runtimeAccessPolicies({
          runtimeArn: 'arn:aws-cn:bedrock-agentcore:cn-north-1:111111111111:runtime/agent-abcdefghij',
          principals: ['222222222222'],
        }).runtime.document,
      )[0]?.Principal,
    expected: { AWS: 'arn:aws-cn:iam::222222222222:root' },
  },
  {
    name: 'memory: readers read, writers read in the read statement and write in a separate one',
    actual: () => memoryAccessPolicy({ memoryArn: MEMORY, readers: [CALLER], writers: [WRITER, CALLER] }),
    expected: {
      resourceArn: MEMORY,
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCrossAccountMemoryRead',
            Effect: 'Allow',
            Principal: { AWS: [CALLER, WRITER] },
            Action: READ,
            Resource: MEMORY,
          },
          {
            Sid: 'AllowCrossAccountMemoryWrite',
            Effect: 'Allow',
            Principal: { AWS: [WRITER, CALLER] },
            Action: WRITE,
            Resource: MEMORY,
          },
        ],
      },
    },
  },
  {
    name: 'memory: actions narrow both statements, in the given order',
    actual: () =>
      statements(
        memoryAccessPolicy({
          memoryArn: MEMORY,
          writers: [WRITER],
          actions: ['CreateEvent', 'RetrieveMemoryRecords', 'ListEvents'],
        }).document,
      ).map((s) => s.Action),
    expected: [
      ['bedrock-agentcore:RetrieveMemoryRecords', 'bedrock-agentcore:ListEvents'],
      'bedrock-agentcore:CreateEvent',
    ],
  },
  {
    name: 'memory: writers with write-only actions get no read statement',
    actual: () =>
      statements(
        memoryAccessPolicy({ memoryArn: MEMORY, writers: [WRITER], actions: ['CreateEvent'] }).document,
      ).map((s) => s.Sid),
    expected: ['AllowCrossAccountMemoryWrite'],
  },
  {
    name: 'identity: read-write memory access in separate statements, roles to assume, defaults for runtime',
    actual: () =>
      callerIdentityPolicy({
        runtimeArns: [RUNTIME],
        memoryArns: [MEMORY, MEMORY],
        memoryAccess: 'read-write',
        assumeRoleArns: ['arn:aws:iam::111111111111:role/CrossAccountAgentInvoker'],
      }),
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'InvokeCrossAccountRuntime',
          Effect: 'Allow',
          Action: INVOKE,
          Resource: [RUNTIME, `${RUNTIME}/runtime-endpoint/DEFAULT`],
        },
        { Sid: 'ReadCrossAccountMemory', Effect: 'Allow', Action: READ, Resource: MEMORY },
        { Sid: 'WriteCrossAccountMemory', Effect: 'Allow', Action: WRITE, Resource: MEMORY },
        {
          Sid: 'AssumeCrossAccountRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
        },
      ],
    },
  },
  {
    name: 'identity: explicit memory actions split into read and write statements',
    actual: () =>
      statements(
        callerIdentityPolicy({ memoryArns: [MEMORY], memoryAccess: ['CreateEvent', 'ListEvents'] }),
      ).map((s) => [s.Sid, s.Action]),
    expected: [
      ['ReadCrossAccountMemory', 'bedrock-agentcore:ListEvents'],
      ['WriteCrossAccountMemory', 'bedrock-agentcore:CreateEvent'],
    ],
  },
  {
    name: 'identity: memory id pattern in the owner account, concrete region',
    actual: () =>
      statements(
        callerIdentityPolicy({
          memoryArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_*'],
        }),
      )[0]?.Resource,
    expected: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_*',
  },
  {
    name: 'identity: runtime pattern with a concrete qualifier',
    actual: () =>
      statements(
        callerIdentityPolicy({
          runtimeArns: ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-*'],
          qualifiers: ['DEFAULT', 'prod'],
          runtimeActions: ['InvokeAgentRuntime'],
        }),
      )[0],
    expected: {
      Sid: 'InvokeCrossAccountRuntime',
      Effect: 'Allow',
      Action: 'bedrock-agentcore:InvokeAgentRuntime',
      Resource: [
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-*',
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-*/runtime-endpoint/DEFAULT',
        'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-*/runtime-endpoint/prod',
      ],
    },
  },
  {
    name: 'invoker role: same statements as the caller identity policy',
    actual: () => invokerRolePolicy({ runtimeArns: [RUNTIME], memoryArns: [MEMORY] }),
    expected: callerIdentityPolicy({ runtimeArns: [RUNTIME], memoryArns: [MEMORY] }),
  },
  {
    name: 'trust: sts:AssumeRole for the caller role only, by default',
    actual: () => assumeRoleTrustPolicy({ trustedPrincipals: [CALLER] }),
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCrossAccountAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: CALLER },
          Action: 'sts:AssumeRole',
        },
      ],
    },
  },
  {
    name: 'trust: ExternalId gates AssumeRole; source identity and tags in their own statement; org on both',
    actual: () =>
      assumeRoleTrustPolicy({
        trustedPrincipals: ['222222222222'],
        externalId: 'agent-invoker-7f3a',
        principalOrgId: 'o-a1b2c3d4e5',
        allowSourceIdentity: true,
        allowTagSession: true,
      }),
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowCrossAccountAssumeRole',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:root' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': 'agent-invoker-7f3a', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          },
        },
        {
          Sid: 'AllowCrossAccountSessionOptions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:root' },
          Action: ['sts:SetSourceIdentity', 'sts:TagSession'],
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    },
  },
  {
    name: 'delivery: trust policy pins the service principal to memories of Account A (confused deputy)',
    actual: () =>
      memoryDeliverySetup({
        region: 'eu-west-1',
        accountId: '111111111111',
        executionRoleName: 'MemoryRole',
        kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/records' },
      }).trustPolicy,
    expected: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/*' },
            StringEquals: { 'aws:SourceAccount': '111111111111' },
          },
        },
      ],
    },
  },
  {
    name: 'delivery: defaults of the CreateMemory input (name, 30 days, no description)',
    actual: () => {
      const input = memoryDeliverySetup({
        region: 'eu-west-1',
        accountId: '111111111111',
        executionRoleName: 'MemoryRole',
        kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/records' },
      }).createMemoryInput;
      return { name: input.name, eventExpiryDuration: input.eventExpiryDuration, keys: Object.keys(input) };
    },
    expected: {
      name: 'cross_account_memory',
      eventExpiryDuration: 30,
      keys: ['name', 'eventExpiryDuration', 'memoryExecutionRoleArn', 'streamDeliveryResources'],
    },
  },
];

describe('policy builders: options beyond the seeds', () => {
  it.for(rows)('$name', (row) => {
    expect(row.actual()).toStrictEqual(row.expected);
  });

  it('runtime and endpoint documents share no object, so editing one never edits the other', () => {
    const { runtime, endpoints } = runtimeAccessPolicies({
      runtimeArn: RUNTIME,
      principals: [CALLER, WRITER],
      condition: { StringEquals: { 'aws:PrincipalAccount': ['222222222222', '333333333333'] } },
    });
    const first = statements(runtime.document)[0] as unknown as {
      Principal: { AWS: string[] };
      Condition: object;
    };
    first.Principal.AWS.push('mutated');
    (first.Condition as { StringEquals: { 'aws:PrincipalAccount': string[] } }).StringEquals[
      'aws:PrincipalAccount'
    ].push('mutated');
    expect(statements(endpoints[0]!.document)[0]?.Principal).toStrictEqual({ AWS: [CALLER, WRITER] });
    expect(statements(endpoints[0]!.document)[0]?.Condition).toStrictEqual({
      StringEquals: { 'aws:PrincipalAccount': ['222222222222', '333333333333'] },
    });
  });
});
