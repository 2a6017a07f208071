/**
 * Every public function of the three entry points, and every method of the public classes
 * (client, session, memory handle, response), with one valid argument list each: the property
 * test feeds them hostile values, whole or in one place. Calls that pass validation meet a
 * transport that throws {@link NETWORK} instead of sending: no request ever leaves the process.
 */
import type { HttpRequest } from '@smithy/protocol-http';
import * as root from '../../src/index.js';
import * as policy from '../../src/policy/index.js';
import * as testing from '../../src/testing/index.js';
import {
  ACCOUNT_A,
  ADMIN_ROLE_ARN,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  GATEWAY_ARN,
  GATEWAY_ID,
  HARNESS_ARN,
  HARNESS_ENDPOINT_ARN,
  HARNESS_ID,
  MEMORY_ARN,
  MEMORY_ID,
  RUNTIME_ARN,
} from '../fixtures/arns.js';

const NETWORK_MARK = Symbol('network reached');

/** Whether `error` is what a call that passed validation meets instead of the network. */
export function isNetwork(error: unknown): boolean {
  return typeof error === 'object' && error !== null && NETWORK_MARK in error;
}

function network(): Error {
  return Object.assign(new Error('network reached (the transport of the property test)'), {
    $metadata: {},
    [NETWORK_MARK]: true,
  });
}

const transport = {
  handle(_request: HttpRequest): Promise<never> {
    return Promise.reject(network());
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
};
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const clientConfig = { region: 'eu-west-1', credentials, requestHandler: transport };
const controlClient = {
  send: () => Promise.reject(network()),
  destroy() {},
  config: { region: async () => 'eu-west-1' },
};

export const client = new root.CrossAccountAgentClient({
  access: { mode: 'resource-policy', credentials },
  clientConfig,
  retry: false,
});
/**
 * A client whose credentials are the transport: `connect` opens its socket with `ws`, not the
 * SDK's request handler, so a valid call meets NETWORK when it asks for credentials to presign.
 */
export const socketClient = new root.CrossAccountAgentClient({
  access: { mode: 'resource-policy', credentials: () => Promise.reject(network()) },
  clientConfig: { region: 'eu-west-1', requestHandler: transport },
  retry: false,
});
/** A gateway client whose first request meets NETWORK (at the credentials, before fetch). */
export const gateway = socketClient.gateway(GATEWAY_ARN);
export const memory = client.memory(MEMORY_ARN, { createEventRate: false, ingestDataRate: false });
export const session = client.session(RUNTIME_ARN);

/** An AgentResponse over a canned body, as `invoke` returns one. */
export function response(json = false): root.AgentResponse {
  return new root.AgentResponse({
    sessionId: 'x'.repeat(40),
    statusCode: 200,
    contentType: json ? 'application/json' : 'text/event-stream',
    body: new Blob([json ? '{"text":"hi"}' : 'data: {"text":"hi"}\n\n']).stream(),
    signal: undefined,
    onDone: () => undefined,
  } as never);
}

/** A CommandExecution over a canned event stream, as `command` returns one. */
export function execution(): root.CommandExecution {
  async function* stream() {
    yield { chunk: { contentStart: {} } };
    yield { chunk: { contentDelta: { stdout: 'hi\n' } } };
    yield { chunk: { contentStop: { exitCode: 0, status: 'COMPLETED' } } };
  }
  return new root.CommandExecution({
    sessionId: 'x'.repeat(40),
    statusCode: 200,
    contentType: 'application/vnd.amazon.eventstream',
    stream: stream(),
    failure: async (error: unknown) => error,
    onDone: () => undefined,
  } as never);
}

/** An AgentConnection over a socket that accepts everything and answers one message. */
export function connection(): root.AgentConnection {
  const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const l of listeners.get(event) ?? []) l(...args);
  };
  const socket = {
    readyState: 1,
    send: (_data: unknown, callback: (error?: Error) => void) => callback(),
    close: (code = 1000, reason = '') => emit('close', code, Buffer.from(reason)),
    terminate: () => emit('close', 1006, Buffer.from('')),
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
  };
  const open = new root.AgentConnection(
    socket as never,
    {
      sessionId: 'x'.repeat(40),
      runtimeArn: RUNTIME_ARN,
      qualifier: undefined,
    } as never,
  );
  emit('message', Buffer.from('{"text":"hi"}'), false);
  return open;
}

const document = (): policy.PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Allow',
      Effect: 'Allow',
      Principal: { AWS: CALLER_ROLE_ARN },
      Action: ['bedrock-agentcore:InvokeAgentRuntime'],
      Resource: RUNTIME_ARN,
      Condition: { StringEquals: { 'aws:PrincipalAccount': '222222222222' } },
    },
  ],
});
const request = () => ({
  principalArn: CALLER_ROLE_ARN,
  action: 'bedrock-agentcore:InvokeAgentRuntime',
  resourceArn: RUNTIME_ARN,
  qualifier: 'DEFAULT',
  context: { 'aws:SourceIp': '10.0.0.1' },
});
const policies = () => ({
  identity: [document()],
  resource: { [RUNTIME_ARN]: document(), [ENDPOINT_ARN]: document() },
  scp: [document()],
  sessionPolicy: document(),
});
const turn = () => [{ conversational: { role: 'USER', content: { text: 'hi' } } }];
const accessDenied = () =>
  Object.assign(
    new Error(
      `User: ${CALLER_ROLE_ARN} is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime on resource: ${RUNTIME_ARN} because no resource-based policy allows the bedrock-agentcore:InvokeAgentRuntime action`,
    ),
    {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    },
  );

/** An audit with one drifted endpoint (what auditAccount returns, as data). */
function driftedAudit(): root.AccountAudit {
  const runtime = document();
  const endpoint = { ...document(), Statement: [] };
  return {
    accountId: ACCOUNT_A,
    region: 'eu-west-1',
    trustedAccounts: [],
    resources: [
      {
        arn: RUNTIME_ARN,
        type: 'runtime',
        status: 'attached',
        policy: runtime,
        policyText: JSON.stringify(runtime),
        exposure: [],
        drift: [],
        findings: [],
      },
      {
        arn: ENDPOINT_ARN,
        type: 'runtime-endpoint',
        runtimeArn: RUNTIME_ARN,
        status: 'attached',
        policy: endpoint,
        policyText: JSON.stringify(endpoint),
        exposure: [],
        drift: [
          {
            code: 'endpoint-policy-drift',
            runtimeArn: RUNTIME_ARN,
            endpointArn: ENDPOINT_ARN,
            message: 'drift',
            missing: [],
            extra: [],
            denyDiffers: false,
            fix: 'fix',
          },
        ],
        findings: [],
      },
    ],
    unreadable: [],
    listFailures: [],
    complete: true,
    summary: {
      resources: 2,
      withPolicy: 2,
      unreadable: 0,
      exposed: { 'same-org': 0, trusted: 0, external: 0, public: 0, service: 0 },
      drifted: 1,
      findings: { error: 0, warning: 0, info: 0 },
    },
  };
}

/** One public callable and a valid argument list for it. */
export interface Subject {
  name: string;
  call(...args: unknown[]): unknown;
  valid(): unknown[];
}

const fn = (name: string, call: (...args: never[]) => unknown, valid: () => unknown[]): Subject => ({
  name,
  call: call as (...args: unknown[]) => unknown,
  valid,
});
const ctor = (name: string, Class: new (...args: never[]) => unknown, valid: () => unknown[]): Subject => ({
  name,
  call: (...args: unknown[]) => new (Class as new (...a: unknown[]) => unknown)(...args),
  valid,
});

export const subjects: Subject[] = [
  // ---- ARNs (agentcore-xacct/policy, also the root)
  fn('parseArn', policy.parseArn, () => [RUNTIME_ARN]),
  fn('formatArn', policy.formatArn, () => [
    {
      partition: 'aws',
      region: 'eu-west-1',
      accountId: ACCOUNT_A,
      resourceType: 'memory',
      memoryId: MEMORY_ID,
    },
  ]),
  fn('runtimeArn', policy.runtimeArn, () => [
    { region: 'eu-west-1', accountId: ACCOUNT_A, runtimeId: 'agent-abcdefghij', partition: 'aws' },
  ]),
  fn('endpointArn', policy.endpointArn, () => [RUNTIME_ARN, 'DEFAULT']),
  fn('runtimeArnOf', policy.runtimeArnOf, () => [ENDPOINT_ARN]),
  fn('gatewayArn', policy.gatewayArn, () => [
    { region: 'eu-west-1', accountId: ACCOUNT_A, gatewayId: GATEWAY_ID, partition: 'aws' },
  ]),
  fn('harnessArn', policy.harnessArn, () => [
    { region: 'eu-west-1', accountId: ACCOUNT_A, harnessId: HARNESS_ID, partition: 'aws' },
  ]),
  fn('harnessEndpointArn', policy.harnessEndpointArn, () => [HARNESS_ARN, 'DEFAULT']),
  fn('harnessArnOf', policy.harnessArnOf, () => [HARNESS_ENDPOINT_ARN]),
  fn('memoryArn', policy.memoryArn, () => [
    MEMORY_ID,
    { accountId: ACCOUNT_A, region: 'eu-west-1', partition: 'aws' },
  ]),
  fn('isAgentCoreArn', policy.isAgentCoreArn, () => [RUNTIME_ARN, 'runtime']),
  fn('parsePrincipalArn', policy.parsePrincipalArn, () => [CALLER_ROLE_ARN]),
  fn('accountRootArn', policy.accountRootArn, () => [ACCOUNT_A, 'aws']),
  // ---- actions
  fn('agentCoreAction', policy.agentCoreAction, () => ['bedrock-agentcore:CreateEvent']),
  fn('allAgentCoreActions', policy.allAgentCoreActions, () => []),
  fn('isHierarchicalRuntimeAction', policy.isHierarchicalRuntimeAction, () => [
    'bedrock-agentcore:InvokeAgentRuntime',
  ]),
  fn('isHierarchicalHarnessAction', policy.isHierarchicalHarnessAction, () => [
    'bedrock-agentcore:InvokeHarness',
  ]),
  fn('isMemoryReadAction', policy.isMemoryReadAction, () => ['bedrock-agentcore:ListEvents']),
  fn('isMemoryWriteAction', policy.isMemoryWriteAction, () => ['bedrock-agentcore:CreateEvent']),
  fn('qualifyAction', policy.qualifyAction, () => ['CreateEvent']),
  // ---- builders
  fn('runtimeAccessPolicies', policy.runtimeAccessPolicies, () => [
    {
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT'],
      actions: ['bedrock-agentcore:InvokeAgentRuntime'],
      principalOrgId: 'o-abcdefghij',
    },
  ]),
  fn('runtimeAccessPolicies (preset)', policy.runtimeAccessPolicies, () => [
    { runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN], actions: 'invoke+commands' },
  ]),
  fn('gatewayAccessPolicy', policy.gatewayAccessPolicy, () => [
    {
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      actions: ['bedrock-agentcore:InvokeGateway'],
      principalOrgId: 'o-abcdefghij',
      sid: 'Gateway',
      condition: { StringEquals: { 'aws:PrincipalAccount': '222222222222' } },
    },
  ]),
  fn('harnessAccessPolicies', policy.harnessAccessPolicies, () => [
    {
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT', 'prod'],
      principalOrgId: 'o-abcdefghij',
      sid: 'Harness',
    },
  ]),
  fn('memoryAccessPolicy', policy.memoryAccessPolicy, () => [
    {
      memoryArn: MEMORY_ARN,
      readers: [CALLER_ROLE_ARN],
      writers: ['222222222222'],
      actions: ['bedrock-agentcore:CreateEvent', 'bedrock-agentcore:ListEvents'],
    },
  ]),
  fn('callerIdentityPolicy', policy.callerIdentityPolicy, () => [
    {
      runtimeArns: [RUNTIME_ARN],
      qualifiers: ['DEFAULT'],
      memoryArns: [MEMORY_ARN],
      memoryAccess: 'read-write',
      assumeRoleArns: [ADMIN_ROLE_ARN],
      runtimeActions: 'all',
      gatewayArns: [GATEWAY_ARN],
      gatewayActions: ['InvokeGateway'],
      harnessArns: [HARNESS_ARN],
      harnessQualifiers: ['DEFAULT'],
    },
  ]),
  fn('assumeRoleTrustPolicy', policy.assumeRoleTrustPolicy, () => [
    { trustedPrincipals: [CALLER_ROLE_ARN], externalId: 'my-external-id', principalOrgId: 'o-abcdefghij' },
  ]),
  fn('invokerRolePolicy', policy.invokerRolePolicy, () => [
    { runtimeArns: [RUNTIME_ARN], qualifiers: ['DEFAULT'], memoryArns: [MEMORY_ARN] },
  ]),
  fn('invokerRolePolicy (gateway and harness)', policy.invokerRolePolicy, () => [
    { gatewayArns: [GATEWAY_ARN], harnessArns: [HARNESS_ARN], harnessQualifiers: ['prod'] },
  ]),
  fn('memoryDeliverySetup', policy.memoryDeliverySetup, () => [
    {
      region: 'eu-west-1',
      accountId: ACCOUNT_A,
      executionRoleName: 'MemoryDeliveryRole',
      kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/records' },
      s3: { bucketName: 'payloads-b' },
      sns: { topicArn: 'arn:aws:sns:eu-west-1:222222222222:topic' },
    },
  ]),
  // ---- documents, lint, explain
  fn('parsePolicyDocument', policy.parsePolicyDocument, () => [JSON.stringify(document())]),
  fn('statementsOf', policy.statementsOf, () => [document()]),
  fn('policyExposure', policy.policyExposure, () => [
    document(),
    { attachedTo: RUNTIME_ARN, organizationId: 'o-a1b2c3d4e5', trustedAccounts: ['222222222222'] },
  ]),
  fn('lintPolicy', policy.lintPolicy, () => [
    document(),
    { kind: 'resource', attachedTo: RUNTIME_ARN, ownerAccountId: ACCOUNT_A },
  ]),
  fn('lintAccessSetup', policy.lintAccessSetup, () => [
    {
      targets: [{ runtimeArn: RUNTIME_ARN, qualifiers: ['DEFAULT'] }, { memoryArn: MEMORY_ARN }],
      resourcePolicies: { [RUNTIME_ARN]: document(), [ENDPOINT_ARN]: undefined },
      identityPolicies: [document()],
      callerArn: CALLER_ROLE_ARN,
    },
  ]),
  fn('lintAccessSetup (gateway and harness)', policy.lintAccessSetup, () => [
    {
      targets: [{ gatewayArn: GATEWAY_ARN }, { harnessArn: HARNESS_ARN, qualifiers: ['DEFAULT'] }],
      resourcePolicies: { [GATEWAY_ARN]: document(), [HARNESS_ENDPOINT_ARN]: undefined },
      identityPolicies: [document()],
      callerArn: CALLER_ROLE_ARN,
    },
  ]),
  fn('explainAccess', policy.explainAccess, () => [request(), policies()]),
  fn('codeInfo', policy.codeInfo, () => ['endpoint-policy-missing']),
  fn('planAccessFix', policy.planAccessFix, () => [request(), policies(), { identityPolicyNames: ['p'] }]),
  fn('isCauseCode', policy.isCauseCode, () => ['endpoint-policy-missing']),
  fn('explainAccess (harness)', policy.explainAccess, () => [
    {
      principalArn: CALLER_ROLE_ARN,
      action: 'InvokeHarness',
      resourceArn: HARNESS_ARN,
      qualifier: 'DEFAULT',
    },
    { identity: [document()], resource: { [HARNESS_ARN]: document() } },
  ]),
  fn('deriveRequestContext', policy.deriveRequestContext, () => [
    { principalArn: CALLER_ROLE_ARN, context: { 'aws:SourceIp': '10.0.0.1' } },
  ]),
  // ---- errors: constructors and guards
  ctor('AgentCoreXacctError', policy.AgentCoreXacctError, () => [
    'invalid-input',
    'message',
    { cause: new Error('x') },
  ]),
  ctor('InvalidArnError', policy.InvalidArnError, () => [
    'accountId',
    '1',
    'message',
    { findingCode: 'memory-id-not-arn' },
  ]),
  ctor('PolicyBuildError', policy.PolicyBuildError, () => [
    'field',
    'message',
    'fix',
    { findingCode: 'resource-wildcard' },
  ]),
  ctor('PolicyParseError', policy.PolicyParseError, () => ['/Statement', 'message']),
  ctor('ValidationError', policy.ValidationError, () => ['field', 'message', 'fix']),
  ctor('AgentCoreAccessDeniedError', root.AgentCoreAccessDeniedError, () => [
    'message',
    { principalArn: CALLER_ROLE_ARN, action: 'x', policyType: 'resource-based' },
  ]),
  ctor('AgentStreamError', root.AgentStreamError, () => [
    'message',
    { eventType: 'error', errorType: 'ValueError', data: {} },
  ]),
  ctor('MissingDependencyError', root.MissingDependencyError, () => [
    '@aws-sdk/client-sts',
    'Assume-role access',
  ]),
  fn('isAgentCoreXacctError', policy.isAgentCoreXacctError, () => [new Error('x')]),
  fn('isInvalidArnError', policy.isInvalidArnError, () => [new Error('x')]),
  fn('isPolicyBuildError', policy.isPolicyBuildError, () => [new Error('x')]),
  fn('isPolicyParseError', policy.isPolicyParseError, () => [new Error('x')]),
  fn('isValidationError', policy.isValidationError, () => [new Error('x')]),
  fn('isAgentCoreAccessDeniedError', root.isAgentCoreAccessDeniedError, () => [new Error('x')]),
  fn('isAgentStreamError', root.isAgentStreamError, () => [new Error('x')]),
  fn('isMissingDependencyError', root.isMissingDependencyError, () => [new Error('x')]),
  // ---- diagnosis
  fn('parseAccessDeniedMessage', root.parseAccessDeniedMessage, () => [accessDenied().message]),
  fn('diagnoseAccessDenied', root.diagnoseAccessDenied, () => [
    accessDenied(),
    { policies: policies(), explain: policy.explainAccess, qualifier: 'DEFAULT', userIdSent: false },
  ]),
  fn('accessDeniedDiagnosis', root.accessDeniedDiagnosis, () => [
    { qualifier: 'DEFAULT', policies: policies(), explain: policy.explainAccess },
  ]),
  fn('doctor', root.doctor, () => [
    {
      runtimeArn: RUNTIME_ARN,
      qualifiers: ['DEFAULT'],
      memoryArn: MEMORY_ARN,
      caller: clientConfig,
      identityPolicies: [document()],
    },
  ]),
  fn('probeExtractionByArn', root.probeExtractionByArn, () => [
    client,
    MEMORY_ARN,
    { namespace: '/users/{actorId}', actorId: 'doctor', timeoutMs: 0, pollIntervalMs: 100, cleanup: false },
  ]),
  // ---- memory payload helpers, session ids, credentials
  fn('conversationalTurn', root.conversationalTurn, () => ['USER', 'hi']),
  fn('blobPayload', root.blobPayload, () => [{ tool: 'search' }]),
  fn('eventMetadata', root.eventMetadata, () => [{ channel: 'web' }]),
  fn('newSessionId', root.newSessionId, () => []),
  fn('validateSessionId', root.validateSessionId, () => ['x'.repeat(40)]),
  fn('clearCredentialCache', root.clearCredentialCache, () => []),
  // ---- Account A administration (a control client that never sends)
  fn('grantRuntimeAccess', root.grantRuntimeAccess, () => [
    {
      runtimeArn: RUNTIME_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT'],
      client: controlClient,
    },
  ]),
  fn('grantMemoryAccess', root.grantMemoryAccess, () => [
    { memoryArn: MEMORY_ARN, writers: [CALLER_ROLE_ARN], client: controlClient },
  ]),
  fn('revokeRuntimeAccess', root.revokeRuntimeAccess, () => [
    { runtimeArn: RUNTIME_ARN, principals: [CALLER_ROLE_ARN], client: controlClient, confirm: true },
  ]),
  fn('revokeMemoryAccess', root.revokeMemoryAccess, () => [
    { memoryArn: MEMORY_ARN, principals: [CALLER_ROLE_ARN], client: controlClient, dryRun: true },
  ]),
  fn('applyAccessFix', root.applyAccessFix, () => [
    policy.planAccessFix(request(), { identity: [], resource: {} }),
    { owner: { client: controlClient }, dryRun: true },
  ]),
  fn('grantGatewayAccess', root.grantGatewayAccess, () => [
    {
      gatewayArn: GATEWAY_ARN,
      principals: [CALLER_ROLE_ARN],
      actions: ['InvokeGateway'],
      client: controlClient,
    },
  ]),
  fn('grantHarnessAccess', root.grantHarnessAccess, () => [
    {
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT'],
      client: controlClient,
    },
  ]),
  fn('revokeGatewayAccess', root.revokeGatewayAccess, () => [
    { gatewayArn: GATEWAY_ARN, principals: [CALLER_ROLE_ARN], client: controlClient, confirm: true },
  ]),
  fn('revokeHarnessAccess', root.revokeHarnessAccess, () => [
    {
      harnessArn: HARNESS_ARN,
      principals: [CALLER_ROLE_ARN],
      qualifiers: ['DEFAULT'],
      actions: ['InvokeHarness'],
      client: controlClient,
      dryRun: true,
    },
  ]),
  fn('auditAccount', root.auditAccount, () => [
    {
      client: controlClient,
      organizationId: 'o-a1b2c3d4e5',
      trustedAccounts: ['222222222222'],
      pacing: { policyReads: { perSecond: 50, burst: 5 } },
      onProgress: () => undefined,
    },
  ]),
  fn('fixDrift', root.fixDrift, () => [driftedAudit(), { dryRun: true }]),
  fn('verifyAccess', root.verifyAccess, () => [
    { targets: [{ runtimeArn: RUNTIME_ARN }], callerArn: CALLER_ROLE_ARN, client: controlClient },
  ]),
  fn('verifyAccess (gateway and harness)', root.verifyAccess, () => [
    {
      targets: [{ gatewayArn: GATEWAY_ARN }, { harnessArn: HARNESS_ARN, qualifiers: ['DEFAULT'] }],
      callerArn: CALLER_ROLE_ARN,
      client: controlClient,
    },
  ]),
  fn('createCrossAccountMemory', root.createCrossAccountMemory, () => [
    {
      region: 'eu-west-1',
      accountId: ACCOUNT_A,
      executionRoleName: 'MemoryDeliveryRole',
      kinesis: { streamArn: 'arn:aws:kinesis:eu-west-1:222222222222:stream/records' },
      client: controlClient,
    },
  ]),
  // ---- the client
  ctor('CrossAccountAgentClient', root.CrossAccountAgentClient, () => [
    {
      region: 'eu-west-1',
      access: {
        mode: 'assume-role',
        roleArn: ADMIN_ROLE_ARN,
        externalId: 'my-external-id',
        sessionName: 'fuzz',
        durationSeconds: 900,
        tags: { team: 'a' },
      },
      retry: { attempts: 2, baseDelayMs: 1, invoke: 'never' },
      logger: {},
      diagnose: { policies: policies(), explain: policy.explainAccess },
    },
  ]),
  fn(
    'client.invoke',
    (input: never) => client.invoke(input),
    () => [
      {
        runtimeArn: RUNTIME_ARN,
        payload: { prompt: 'hi' },
        qualifier: 'DEFAULT',
        sessionId: 'x'.repeat(40),
        userId: 'user-1',
        contentType: 'application/json',
        accept: 'application/json',
        timeoutMs: 1000,
      },
    ],
  ),
  fn(
    'client.command',
    (input: never) => client.command(input),
    () => [
      {
        runtimeArn: RUNTIME_ARN,
        command: 'ls -la',
        qualifier: 'DEFAULT',
        sessionId: 'x'.repeat(40),
        timeoutSeconds: 60,
        traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        timeoutMs: 1000,
      },
    ],
  ),
  fn(
    'client.connect',
    (input: never) => socketClient.connect(input),
    () => [
      {
        runtimeArn: RUNTIME_ARN,
        qualifier: 'DEFAULT',
        sessionId: 'x'.repeat(40),
        userId: 'user-1',
        urlExpiresInSeconds: 60,
        timeoutMs: 1000,
      },
    ],
  ),
  fn(
    'client.gateway',
    (arnOrUrl: never, options: never) => client.gateway(arnOrUrl, options),
    () => [
      GATEWAY_ARN,
      { url: 'http://127.0.0.1:4566/gateways/tools-gateway-abcdefghij/mcp', region: 'eu-west-1' },
    ],
  ),
  fn(
    'client.session',
    (arn: never, options: never) => client.session(arn, options),
    () => [RUNTIME_ARN, { qualifier: 'DEFAULT', sessionId: 'x'.repeat(40), userId: 'user-1' }],
  ),
  fn(
    'client.getAgentCard',
    (input: never) => client.getAgentCard(input),
    () => [{ runtimeArn: RUNTIME_ARN, qualifier: 'DEFAULT', sessionId: 'x'.repeat(40) }],
  ),
  fn(
    'client.stopSession',
    (input: never) => client.stopSession(input),
    () => [{ runtimeArn: RUNTIME_ARN, sessionId: 'x'.repeat(40), qualifier: 'DEFAULT' }],
  ),
  fn(
    'client.memory',
    (arn: never, options: never) => client.memory(arn, options),
    () => [
      MEMORY_ID,
      {
        accountId: ACCOUNT_A,
        region: 'eu-west-1',
        createEventRate: { perSecond: 5, burst: 1 },
        ingestDataRate: { perSession: { perSecond: 5, burst: 1 }, perAccount: false },
        batch: { concurrency: 2 },
      },
    ],
  ),
  fn(
    'client.destroy',
    () => new root.CrossAccountAgentClient().destroy(),
    () => [],
  ),
  // ---- the session
  fn(
    'session.invoke',
    (payload: never, options: never) => session.invoke(payload, options),
    () => [{ prompt: 'hi' }, { userId: 'user-1', timeoutMs: 1000 }],
  ),
  fn(
    'session.getAgentCard',
    (options: never) => session.getAgentCard(options),
    () => [{ timeoutMs: 1000 }],
  ),
  fn(
    'session.stopSession',
    (options: never) => session.stopSession(options),
    () => [{ timeoutMs: 1000 }],
  ),
  // ---- the memory handle
  fn(
    'memory.createEvent',
    (i: never) => memory.createEvent(i),
    () => [
      {
        actorId: 'user-1',
        sessionId: 'session-1',
        payload: turn(),
        metadata: { channel: { stringValue: 'web' } },
        branch: { name: 'main' },
      },
    ],
  ),
  fn(
    'memory.ingestData',
    (i: never) => memory.ingestData(i),
    () => [
      {
        actorId: 'user-1',
        sessionId: 'session-1',
        source: { inline: { payload: [...turn(), { json: { content: { seat: 'aisle' } } }] } },
        contentTimestamp: new Date(0),
        metadata: { channel: { stringValue: 'web' } },
        extractionConfig: { namespaceVariables: { team: 'a' } },
        clientToken: 'token-1',
      },
    ],
  ),
  fn(
    'memory.recordTurns',
    (i: never) => memory.recordTurns(i),
    () => [
      {
        actorId: 'user-1',
        sessionId: 'session-1',
        turns: [{ role: 'USER', text: 'hi' }],
        metadata: { channel: 'web' },
      },
    ],
  ),
  fn(
    'memory.recordBlob',
    (i: never) => memory.recordBlob(i),
    () => [{ actorId: 'user-1', sessionId: 'session-1', blob: { tool: 'search' } }],
  ),
  fn(
    'memory.getEvent',
    (i: never) => memory.getEvent(i),
    () => [{ actorId: 'user-1', sessionId: 'session-1', eventId: '0000001700000000000#a1b2c3d4' }],
  ),
  fn(
    'memory.deleteEvent',
    (i: never) => memory.deleteEvent(i),
    () => [{ actorId: 'user-1', sessionId: 'session-1', eventId: '0000001700000000000#a1b2c3d4' }],
  ),
  fn(
    'memory.listEvents',
    (i: never) => memory.listEvents(i),
    () => [{ actorId: 'user-1', sessionId: 'session-1', maxResults: 10, includePayloads: true }],
  ),
  fn(
    'memory.listActors',
    (i: never) => memory.listActors(i),
    () => [{ maxResults: 10 }],
  ),
  fn(
    'memory.listSessions',
    (i: never) => memory.listSessions(i),
    () => [{ actorId: 'user-1', maxResults: 10 }],
  ),
  fn(
    'memory.getMemoryRecord',
    (i: never) => memory.getMemoryRecord(i),
    () => [{ memoryRecordId: `mem-${'a'.repeat(40)}`, namespace: 'prefs/user-1' }],
  ),
  fn(
    'memory.deleteMemoryRecord',
    (i: never) => memory.deleteMemoryRecord(i),
    () => [{ memoryRecordId: `mem-${'a'.repeat(40)}` }],
  ),
  fn(
    'memory.listMemoryRecords',
    (i: never) => memory.listMemoryRecords(i),
    () => [{ namespace: 'prefs/user-1', maxResults: 10 }],
  ),
  fn(
    'memory.retrieveMemoryRecords',
    (i: never) => memory.retrieveMemoryRecords(i),
    () => [{ namespace: 'prefs/user-1', searchCriteria: { searchQuery: 'seats', topK: 3 } }],
  ),
  fn(
    'memory.retrieve',
    (i: never) => memory.retrieve(i),
    () => [{ namespace: 'prefs/user-1', query: 'seats', topK: 3 }],
  ),
  fn(
    'memory.batchCreateMemoryRecords',
    (i: never) => memory.batchCreateMemoryRecords(i),
    () => [
      {
        records: [
          { content: { text: 'a' }, namespaces: ['prefs/user-1'], metadata: { k: { stringValue: 'v' } } },
        ],
        concurrency: 1,
        itemRetries: 0,
      },
    ],
  ),
  fn(
    'memory.resubmitFailedRecords',
    (i: never) => memory.resubmitFailedRecords(i),
    () => [
      {
        failed: [
          {
            index: 0,
            item: { content: { text: 'a' }, namespaces: ['prefs/user-1'] },
            error: { code: '429', message: 'x', retryable: true },
            requestIdentifier: 'r0',
            clientToken: 'token-1',
            maybeWritten: true,
            sentAs: {
              content: { text: 'a' },
              namespaces: ['prefs/user-1'],
              requestIdentifier: 'r0',
              timestamp: new Date(0),
            },
          },
        ],
        itemRetries: 0,
      },
    ],
  ),
  fn(
    'memory.batchUpdateMemoryRecords',
    (i: never) => memory.batchUpdateMemoryRecords(i),
    () => [
      { records: [{ memoryRecordId: `mem-${'a'.repeat(40)}`, content: { text: 'b' } }], itemRetries: 0 },
    ],
  ),
  fn(
    'memory.batchDeleteMemoryRecords',
    (i: never) => memory.batchDeleteMemoryRecords(i),
    () => [{ records: [{ memoryRecordId: `mem-${'a'.repeat(40)}` }], itemRetries: 0 }],
  ),
  fn(
    'memory.listMemoryExtractionJobs',
    (i: never) => memory.listMemoryExtractionJobs(i),
    () => [{ maxResults: 10, filter: { actorId: 'user-1' } }],
  ),
  fn(
    'memory.startMemoryExtractionJob',
    (i: never) => memory.startMemoryExtractionJob(i),
    () => [{ extractionJob: { jobId: 'job-1' } }],
  ),
  // ---- the response
  fn(
    'response.text',
    () => response().text(),
    () => [],
  ),
  fn(
    'response.json',
    () => response(true).json(),
    () => [],
  ),
  fn(
    'response.bytes',
    () => response().bytes(),
    () => [],
  ),
  fn(
    'response.events',
    (options: never) => response().events(options),
    () => [{ signal: new AbortController().signal }],
  ),
  fn(
    'response.cancel',
    () => response().cancel(),
    () => [],
  ),
  // ---- a running command
  fn(
    'command.events',
    () => execution().events(),
    () => [],
  ),
  fn(
    'command.result',
    () => execution().result(),
    () => [],
  ),
  // ---- an open WebSocket connection
  fn(
    'connection.send',
    (message: never) => connection().send(message),
    () => [{ prompt: 'hi' }],
  ),
  fn(
    'connection.next',
    (options: never) => connection().next(options),
    () => [{ timeoutMs: 1000 }],
  ),
  fn(
    'connection.messages',
    () => connection().messages(),
    () => [],
  ),
  fn(
    'connection.close',
    (code: never, reason: never) => connection().close(code, reason),
    () => [1000, 'done'],
  ),
  // ---- a gateway (MCP over SigV4)
  fn(
    'gateway.listTools',
    (options: never) => gateway.listTools(options),
    () => [{ timeoutMs: 1000 }],
  ),
  fn(
    'gateway.callTool',
    (name: never, args: never, options: never) => gateway.callTool(name, args, options),
    () => ['echo-target___echo', { text: 'hi' }, { timeoutMs: 1000 }],
  ),
  fn(
    'gateway.close',
    () => gateway.close(),
    () => [],
  ),
  // ---- the emulator
  fn('startLocalAgentCore', testing.startLocalAgentCore, () => [
    {
      region: 'eu-west-1',
      seed: 1,
      faults: [{ operation: 'CreateEvent', kind: 'throttle', rate: 0.1 }],
      memory: { createEventRate: false },
      maxRecordedRequests: 10,
      gateways: [{ gatewayId: GATEWAY_ID, accountId: ACCOUNT_A, region: 'eu-west-1' }],
      harnesses: [{ harnessId: HARNESS_ID, accountId: ACCOUNT_A, endpoints: ['DEFAULT'] }],
    },
  ]),
];

/**
 * Value exports that are not called here, and why: constants, and classes the library
 * constructs itself (their methods are subjects above).
 */
export const notCalled = new Set([
  'CrossAccountMemory', // from client.memory(); methods: memory.*
  'AgentSession', // from client.session(); methods: session.*
  'AgentResponse', // from client.invoke(); methods: response.*
  'CommandExecution', // from client.command(); methods: command.*
  'AgentConnection', // from client.connect(); methods: connection.*
  'GatewayClient', // from client.gateway(); methods: gateway.*
]);
