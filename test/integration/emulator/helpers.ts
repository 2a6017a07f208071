/**
 * Shared setup of the emulator integration tests: the plain AWS SDK v3 clients pointed at a
 * running emulator, and the seed's policies.
 */
import {
  BedrockAgentCoreClient,
  CreateEventCommand,
  InvokeAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore';
import {
  BedrockAgentCoreControlClient,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { PolicyDocument, Statement } from '../../../src/policy/types.js';
import type { EmulatorCredentials, LocalAgentCore } from '../../../src/testing/index.js';
import { ADMIN_ROLE_ARN, ENDPOINT_ARN, MEMORY_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { loadSeed } from '../../fixtures/seeds/index.js';

/** Clients that fail fast: one attempt unless a test asks for retries. */
export function agentCore(
  emulator: LocalAgentCore,
  principal: string,
  maxAttempts = 1,
): BedrockAgentCoreClient {
  return new BedrockAgentCoreClient({ ...emulator.clientConfig(principal), maxAttempts });
}

export function control(emulator: LocalAgentCore, principal = ADMIN_ROLE_ARN): BedrockAgentCoreControlClient {
  return new BedrockAgentCoreControlClient({ ...emulator.clientConfig(principal), maxAttempts: 1 });
}

/** The policy text attached to `resourceArn`, exactly as stored; `undefined` when none. */
export async function attachedPolicy(
  client: BedrockAgentCoreControlClient,
  resourceArn: string,
): Promise<string | undefined> {
  try {
    return (await client.send(new GetResourcePolicyCommand({ resourceArn }))).policy;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export function sts(emulator: LocalAgentCore, principal: string): STSClient {
  return new STSClient({ ...emulator.clientConfig(principal), maxAttempts: 1 });
}

/** A data-plane client signing with explicit credentials (an assumed-role session). */
export function agentCoreWith(
  emulator: LocalAgentCore,
  credentials: EmulatorCredentials,
): BedrockAgentCoreClient {
  return new BedrockAgentCoreClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials,
    maxAttempts: 1,
  });
}

/** The seed's runtime policy (gotcha 1), with `Resource` set to the ARN it is attached to. */
export function seedPolicyFor(resourceArn: string, extra: Partial<Statement> = {}): PolicyDocument {
  const seed = loadSeed('seed-000-runtime-policy') as PolicyDocument;
  const [statement] = seed.Statement as Statement[];
  return { ...seed, Statement: [{ ...(statement as Statement), ...extra, Resource: resourceArn }] };
}

/** Caller identity policy with the given `Resource` list (gotcha 4 uses the seed's two variants). */
export function invokeIdentityPolicy(resources: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:GetAgentCard'],
        Resource: resources,
      },
    ],
  };
}

/** The seed's corrected identity policy for the caller (both ARNs in Account A). */
export function correctedIdentityPolicy(): PolicyDocument {
  return invokeIdentityPolicy(
    (loadSeed('seed-000-gotcha4-corrected-resources') as { Resource: string[] }).Resource,
  );
}

/** Attaches the seed's policy to the runtime and its DEFAULT endpoint through the control plane, as the admin. */
export async function attachRuntimeAndEndpoint(
  emulator: LocalAgentCore,
  extra: Partial<Statement> = {},
  which: { runtime?: boolean; endpoint?: boolean } = { runtime: true, endpoint: true },
): Promise<void> {
  const client = control(emulator);
  try {
    if (which.runtime !== false) {
      await client.send(
        new PutResourcePolicyCommand({
          resourceArn: RUNTIME_ARN,
          policy: JSON.stringify(seedPolicyFor(RUNTIME_ARN, extra)),
        }),
      );
    }
    if (which.endpoint !== false) {
      await client.send(
        new PutResourcePolicyCommand({
          resourceArn: ENDPOINT_ARN,
          policy: JSON.stringify(seedPolicyFor(ENDPOINT_ARN, extra)),
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

/** Invokes and reads the whole answer as text. */
export async function invokeText(
  client: BedrockAgentCoreClient,
  input: { agentRuntimeArn: string } & Partial<ConstructorParameters<typeof InvokeAgentRuntimeCommand>[0]>,
): Promise<{
  text: string;
  contentType: string | undefined;
  sessionId: string | undefined;
  statusCode: number | undefined;
}> {
  const output = await client.send(
    new InvokeAgentRuntimeCommand({ payload: JSON.stringify({ prompt: 'hello' }), ...input }),
  );
  return {
    text: (await output.response?.transformToString()) ?? '',
    contentType: output.contentType,
    sessionId: output.runtimeSessionId,
    statusCode: output.statusCode,
  };
}

/** What an SDK call rejected with: name, message and HTTP status. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** The misleading message AWS sends for every cross-account runtime denial (aws/agentcore-cli#607). */
export function noResourcePolicyMessage(
  principal: string,
  action = 'bedrock-agentcore:InvokeAgentRuntime',
  resourceArn = RUNTIME_ARN,
): string {
  return deniedMessage(principal, resourceArn, 'resource-based policy', action);
}

/** AWS's implicit-deny wording: the ARN that failed and the policy type that failed it. */
export function deniedMessage(
  principal: string,
  resourceArn: string,
  policy: 'resource-based policy' | 'identity-based policy' | 'session policy' | 'service control policy',
  action = 'bedrock-agentcore:InvokeAgentRuntime',
): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resourceArn} because no ${policy} allows the ${action} action`;
}

/** A one-turn CreateEvent on the seed's memory, by full ARN. */
export function createEvent(): CreateEventCommand {
  return new CreateEventCommand({
    memoryId: MEMORY_ARN,
    actorId: 'actor-1',
    sessionId: 'session-1',
    eventTimestamp: new Date(),
    payload: [{ conversational: { role: 'USER', content: { text: 'hello' } } }],
  });
}

/** An IAM client of the emulator (IAM is global: its requests are signed for us-east-1). */
export function iam(emulator: LocalAgentCore, principal: string): IAMClient {
  return new IAMClient({ ...emulator.clientConfig(principal), region: 'us-east-1', maxAttempts: 1 });
}
