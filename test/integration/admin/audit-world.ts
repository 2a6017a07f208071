/**
 * The emulator world the audit tests are built on: Account A with 3 runtimes (5 endpoints), 2
 * memories and a gateway, and exactly one of each thing the audit must find:
 * - one drifted endpoint: `orders`/`prod` lacks GetAgentCard, which its runtime grants (gotcha 1);
 * - one org-conditioned wildcard principal: `support` (and both its endpoints) lets in `*` of
 *   organization `o-a1b2c3d4e5`;
 * - one external role: memory `shared_memory` lets `partner-reader` of account 333333333333 read;
 * - one public statement: the gateway lets `*` invoke it, unconditioned;
 * - one policy the auditor may not read: memory `private_memory` (an explicit Deny of
 *   GetResourcePolicy in the auditor's identity policy).
 * `batch` has no policy anywhere (no drift: none on the runtime, none on its endpoint).
 */
import type { PolicyDocument, Statement } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';

export const A = '111111111111';
export const B = '222222222222';
export const PARTNER = '333333333333';
export const ORG = 'o-a1b2c3d4e5';
const R = 'eu-west-1';
const base = `arn:aws:bedrock-agentcore:${R}:${A}`;

export const AUDITOR = `arn:aws:iam::${A}:role/auditor`;
export const CALLER = `arn:aws:iam::${B}:role/the-caller-role`;
export const PARTNER_READER = `arn:aws:iam::${PARTNER}:role/partner-reader`;

export const ORDERS = `${base}:runtime/orders-abcdefghij`;
export const ORDERS_DEFAULT = `${ORDERS}/runtime-endpoint/DEFAULT`;
export const ORDERS_PROD = `${ORDERS}/runtime-endpoint/prod`;
export const SUPPORT = `${base}:runtime/support-abcdefghij`;
export const SUPPORT_DEFAULT = `${SUPPORT}/runtime-endpoint/DEFAULT`;
export const SUPPORT_CANARY = `${SUPPORT}/runtime-endpoint/canary`;
export const BATCH = `${base}:runtime/batch-abcdefghij`;
export const BATCH_DEFAULT = `${BATCH}/runtime-endpoint/DEFAULT`;
export const SHARED_MEMORY = `${base}:memory/shared_memory-abcdefghij`;
export const PRIVATE_MEMORY = `${base}:memory/private_memory-abcdefghij`;
export const GATEWAY = `${base}:gateway/tools-gateway-abcdefghij`;

export const INVOKE = [
  'bedrock-agentcore:InvokeAgentRuntime',
  'bedrock-agentcore:InvokeAgentRuntimeForUser',
  'bedrock-agentcore:GetAgentCard',
];

const policy = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});

/** The orders runtime's policy on `resource`: the caller role of Account B may invoke. */
export const ordersPolicy = (resource: string, actions = INVOKE): PolicyDocument =>
  policy({
    Sid: 'AllowCaller',
    Effect: 'Allow',
    Principal: { AWS: CALLER },
    Action: actions,
    Resource: resource,
  });

/** The support runtime's policy: anyone of the organization may invoke. */
export const supportPolicy = (resource: string): PolicyDocument =>
  policy({
    Sid: 'AllowOrganization',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'bedrock-agentcore:InvokeAgentRuntime',
    Resource: resource,
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
  });

export const READ = [
  'bedrock-agentcore:RetrieveMemoryRecords',
  'bedrock-agentcore:ListMemoryRecords',
  'bedrock-agentcore:GetMemoryRecord',
];

export const sharedMemoryPolicy = policy({
  Sid: 'AllowPartnerRead',
  Effect: 'Allow',
  Principal: { AWS: PARTNER_READER },
  Action: READ,
  Resource: SHARED_MEMORY,
});

export const privateMemoryPolicy = policy({
  Sid: 'AllowCallerWrite',
  Effect: 'Allow',
  Principal: { AWS: CALLER },
  Action: 'bedrock-agentcore:CreateEvent',
  Resource: PRIVATE_MEMORY,
});

export const gatewayPolicy = policy({
  Sid: 'AllowEveryone',
  Effect: 'Allow',
  Principal: '*',
  Action: 'bedrock-agentcore:InvokeGateway',
  Resource: GATEWAY,
});

/** Every policy attached at the start, by ARN. */
export const POLICIES: Readonly<Record<string, PolicyDocument>> = {
  [ORDERS]: ordersPolicy(ORDERS),
  [ORDERS_DEFAULT]: ordersPolicy(ORDERS_DEFAULT),
  [ORDERS_PROD]: ordersPolicy(ORDERS_PROD, INVOKE.slice(0, 2)),
  [SUPPORT]: supportPolicy(SUPPORT),
  [SUPPORT_DEFAULT]: supportPolicy(SUPPORT_DEFAULT),
  [SUPPORT_CANARY]: supportPolicy(SUPPORT_CANARY),
  [SHARED_MEMORY]: sharedMemoryPolicy,
  [PRIVATE_MEMORY]: privateMemoryPolicy,
  [GATEWAY]: gatewayPolicy,
};

/** The auditor: lists and reads everything (and may fix drift), but not the private memory's policy. */
export const auditorPolicy: PolicyDocument = policy(
  {
    Sid: 'Audit',
    Effect: 'Allow',
    Action: [
      'bedrock-agentcore:List*',
      'bedrock-agentcore:GetGateway',
      'bedrock-agentcore:GetResourcePolicy',
      'bedrock-agentcore:PutResourcePolicy',
      'bedrock-agentcore:DeleteResourcePolicy',
    ],
    Resource: '*',
  },
  {
    Sid: 'NotThePrivateMemory',
    Effect: 'Deny',
    Action: 'bedrock-agentcore:GetResourcePolicy',
    Resource: PRIVATE_MEMORY,
  },
);

/** Starts the audit world. */
export function startAuditWorld(): Promise<LocalAgentCore> {
  return startLocalAgentCore({
    accounts: [
      { accountId: A, principals: [{ arn: AUDITOR, identityPolicies: [auditorPolicy] }] },
      { accountId: B, principals: [{ arn: CALLER }] },
    ],
    runtimes: [
      { runtimeId: 'orders-abcdefghij', accountId: A, endpoints: ['DEFAULT', 'prod'] },
      { runtimeId: 'support-abcdefghij', accountId: A, endpoints: ['DEFAULT', 'canary'] },
      { runtimeId: 'batch-abcdefghij', accountId: A },
    ],
    memories: [
      { memoryId: 'shared_memory-abcdefghij', accountId: A, region: R },
      { memoryId: 'private_memory-abcdefghij', accountId: A, region: R },
    ],
    gateways: [{ gatewayId: 'tools-gateway-abcdefghij', accountId: A }],
    harnesses: [],
    resourcePolicies: POLICIES,
  });
}
