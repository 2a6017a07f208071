/**
 * The four gotchas of seed 000 on the emulator, through both doors: the raw SDK client with the
 * diagnosis plugin, and CrossAccountAgentClient. With the policies at hand the error names the
 * gotcha's cause first (proven); without them the gotcha is on the checklist.
 */
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { accessDeniedDiagnosis } from '../../../src/diagnose/plugin.js';
import { type AgentCoreAccessDeniedError, isAgentCoreAccessDeniedError } from '../../../src/errors.js';
import { explainAccess } from '../../../src/policy/evaluate/explain.js';
import type { AccessPolicies } from '../../../src/policy/evaluate/types.js';
import type { CauseCode, PolicyDocument } from '../../../src/policy/types.js';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  CALLER_ROLE_ARN,
  ENDPOINT_ARN,
  REGION,
  RUNTIME_ARN,
} from '../../fixtures/arns.js';
import { loadSeed } from '../../fixtures/seeds/index.js';
import {
  attachRuntimeAndEndpoint,
  correctedIdentityPolicy,
  deniedMessage,
  invokeIdentityPolicy,
  invokeText,
  noResourcePolicyMessage,
  seedPolicyFor,
} from '../emulator/helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
});
afterEach(async () => {
  await emulator.stop();
});

interface Gotcha {
  name: string;
  code: CauseCode;
  /** What AWS answers: the ARN that failed, with the policy type that failed it. */
  aws: { message: string; policyType: 'resource-based' | 'identity-based' };
  /** Sets the gotcha up on the emulator; returns the policies as the administrator wrote them. */
  setUp(): Promise<AccessPolicies>;
}

const SOURCE_ACCOUNT = { Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } } };

const GOTCHAS: Gotcha[] = [
  {
    name: 'gotcha 1: a runtime policy without the endpoint policy',
    code: 'endpoint-policy-missing',
    aws: {
      message: noResourcePolicyMessage(CALLER_ROLE_ARN, undefined, ENDPOINT_ARN),
      policyType: 'resource-based',
    },
    async setUp() {
      await attachRuntimeAndEndpoint(emulator, {}, { runtime: true, endpoint: false });
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
      return {
        identity: [correctedIdentityPolicy()],
        resource: { [RUNTIME_ARN]: seedPolicyFor(RUNTIME_ARN) },
      };
    },
  },
  {
    name: 'gotcha 2: a wildcard Resource (refused by PutResourcePolicy, so nothing is attached)',
    code: 'resource-wildcard',
    aws: { message: noResourcePolicyMessage(CALLER_ROLE_ARN), policyType: 'resource-based' },
    async setUp() {
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
      return {
        identity: [correctedIdentityPolicy()],
        resource: { [RUNTIME_ARN]: seedPolicyFor('*'), [ENDPOINT_ARN]: seedPolicyFor('*') },
      };
    },
  },
  {
    name: 'gotcha 3: an aws:SourceAccount condition',
    code: 'source-account-condition',
    aws: { message: noResourcePolicyMessage(CALLER_ROLE_ARN), policyType: 'resource-based' },
    async setUp() {
      await attachRuntimeAndEndpoint(emulator, SOURCE_ACCOUNT);
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
      return {
        identity: [correctedIdentityPolicy()],
        resource: {
          [RUNTIME_ARN]: seedPolicyFor(RUNTIME_ARN, SOURCE_ACCOUNT),
          [ENDPOINT_ARN]: seedPolicyFor(ENDPOINT_ARN, SOURCE_ACCOUNT),
        },
      };
    },
  },
  {
    name: "gotcha 4: the identity policy's endpoint sub-path in the caller's account",
    code: 'identity-wrong-account',
    aws: {
      message: deniedMessage(CALLER_ROLE_ARN, ENDPOINT_ARN, 'identity-based policy'),
      policyType: 'identity-based',
    },
    async setUp() {
      await attachRuntimeAndEndpoint(emulator);
      // The exact runtime ARN: IAM's runtime/* would also cover the endpoint (README note).
      const broken = loadSeed('seed-000-gotcha4-broken-resources') as { Resource: string[] };
      const identity = invokeIdentityPolicy([RUNTIME_ARN, broken.Resource[1] as string]);
      emulator.setIdentityPolicy(CALLER_ROLE_ARN, identity);
      return {
        identity: [identity],
        resource: { [RUNTIME_ARN]: seedPolicyFor(RUNTIME_ARN), [ENDPOINT_ARN]: seedPolicyFor(ENDPOINT_ARN) },
      };
    },
  },
];

async function deniedThroughPlugin(policies?: AccessPolicies): Promise<AgentCoreAccessDeniedError> {
  const client = new BedrockAgentCoreClient({ ...emulator.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
  client.middlewareStack.use(
    accessDeniedDiagnosis(policies === undefined ? {} : { policies, explain: explainAccess }),
  );
  try {
    await invokeText(client, { agentRuntimeArn: RUNTIME_ARN, qualifier: 'DEFAULT' });
  } catch (error) {
    if (isAgentCoreAccessDeniedError(error)) return error;
    throw error;
  } finally {
    client.destroy();
  }
  throw new Error('expected a denial');
}

async function deniedThroughClient(policies?: AccessPolicies): Promise<AgentCoreAccessDeniedError> {
  const client = new CrossAccountAgentClient({
    access: { mode: 'resource-policy', credentials: emulator.credentialsFor(CALLER_ROLE_ARN) },
    clientConfig: { endpoint: emulator.endpoint },
    retry: false,
    ...(policies === undefined ? {} : { diagnose: { policies, explain: explainAccess } }),
  });
  try {
    const error = await client
      .invoke({ runtimeArn: RUNTIME_ARN, payload: { prompt: 'hi' } })
      .catch((e: unknown) => e);
    if (isAgentCoreAccessDeniedError(error)) return error;
    throw error;
  } finally {
    client.destroy();
  }
}

describe.each(GOTCHAS)('$name', (gotcha) => {
  it('with the policies at hand, the plugin names the cause first, proven, and keeps AWS’s text', async () => {
    const policies = await gotcha.setUp();
    const error = await deniedThroughPlugin(policies);
    expect(error.diagnosis?.causes[0]).toMatchObject({ code: gotcha.code, confidence: 'proven' });
    expect(error.diagnosis?.proven).toBe(true);
    expect(error.message.startsWith(`Access denied, proven from the given policies: ${gotcha.code}.`)).toBe(
      true,
    );
    // AWS's wording is kept verbatim.
    expect(error.message).toContain(gotcha.aws.message);
    // The SDK's own error, diagnosed in place.
    expect(error.name).toBe('AccessDeniedException');
  });

  it('with the policies given to CrossAccountAgentClient, its error names the cause first, proven', async () => {
    const policies = await gotcha.setUp();
    const error = await deniedThroughClient(policies);
    expect(error.diagnosis?.causes[0]).toMatchObject({ code: gotcha.code, confidence: 'proven' });
    expect(error.message.startsWith(`Access denied, proven from the given policies: ${gotcha.code}.`)).toBe(
      true,
    );
  });

  it('without policies, the client lists the cause in the checklist and the message', async () => {
    await gotcha.setUp();
    const error = await deniedThroughClient();
    expect(error.diagnosis?.proven).toBe(false);
    expect(error.diagnosis?.checklist.map((i) => i.code)).toContain(gotcha.code);
    expect(error.message).toContain(gotcha.code);
    expect(error.diagnosis).toMatchObject({
      callerAccount: ACCOUNT_B,
      ownerAccount: ACCOUNT_A,
      crossAccount: true,
      policyType: gotcha.aws.policyType,
    });
  });
});

describe("the runtime's execution role denied (RuntimeClientError, 424)", () => {
  const EXECUTION_ROLE = `arn:aws:sts::${ACCOUNT_A}:assumed-role/AgentRuntimeExecutionRole/runtime-session`;
  const FAILING = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT_A}:runtime/failing-abcdefghij`;
  let local: LocalAgentCore;
  beforeEach(async () => {
    local = await startLocalAgentCore({
      runtimes: [
        {
          runtimeId: 'failing-abcdefghij',
          accountId: ACCOUNT_A,
          // ASSUMPTION: the 424 carries the IAM text of the execution role's denial (FACTS.md
          // says it can carry one, without quoting it).
          agent: () => ({
            status: 424,
            headers: { 'x-amzn-errortype': 'RuntimeClientError' },
            body: JSON.stringify({
              message: `User: ${EXECUTION_ROLE} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude because no identity-based policy allows the bedrock:InvokeModel action`,
            }),
          }),
        },
      ],
      resourcePolicies: {
        [FAILING]: seedPolicyFor(FAILING) as PolicyDocument,
        [`${FAILING}/runtime-endpoint/DEFAULT`]: seedPolicyFor(`${FAILING}/runtime-endpoint/DEFAULT`),
      },
    });
    local.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
  });
  afterEach(async () => {
    await local.stop();
  });

  it('is diagnosed as the execution role’s, not the caller’s', async () => {
    const client = new BedrockAgentCoreClient({ ...local.clientConfig(CALLER_ROLE_ARN), maxAttempts: 1 });
    client.middlewareStack.use(accessDeniedDiagnosis());
    const error = await invokeText(client, { agentRuntimeArn: FAILING }).catch((e: unknown) => e);
    client.destroy();
    expect(isAgentCoreAccessDeniedError(error)).toBe(true);
    const denied = error as AgentCoreAccessDeniedError;
    expect(denied.diagnosis).toMatchObject({
      deniedParty: 'execution-role',
      principalArn: EXECUTION_ROLE,
      action: 'bedrock:InvokeModel',
    });
    expect(denied.diagnosis?.causes[0]?.code).toBe('execution-role-denied');
    expect(denied.message).toContain('execution-role-denied');
    // The plugin diagnoses the SDK's own error in place.
    expect(denied.name).toBe('RuntimeClientError');
  });
});
