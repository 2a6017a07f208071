/**
 * The control-plane calls of the Account A functions, over a client given or created from
 * `clientConfig`. `@aws-sdk/client-bedrock-agentcore-control` (an optional peer dependency) is
 * loaded on the first call that needs it, never at import.
 * @internal
 */
import type {
  BedrockAgentCoreControlClient,
  CreateMemoryCommandInput,
  Memory,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { type AgentCoreArn, parseArn } from '../arn/parse.js';
import type { SdkClient, SdkClientConfig } from '../credentials/types.js';
import { shown, ValidationError } from '../errors.js';
import { plain, record, sdkServiceOf, shallow } from '../input.js';
import { loadOptionalPeer } from '../optional-peer.js';
import type { DeliveryCreateMemoryInput } from '../policy/build/delivery.js';

type ControlModule = typeof import('@aws-sdk/client-bedrock-agentcore-control');

let loading: Promise<ControlModule> | undefined;

/** Loads the control-plane client package once; a missing package is a typed error naming the fix. */
function loadControlModule(): Promise<ControlModule> {
  loading ??= loadOptionalPeer(
    '@aws-sdk/client-bedrock-agentcore-control',
    'Account A administration',
    () => import('@aws-sdk/client-bedrock-agentcore-control'),
  ).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** One page of a list: its items and the token of the next page. @internal */
export interface ListPage<T> {
  items: T[];
  nextToken: string | undefined;
}

/** A listed resource: its ARN (checked to be an AgentCore ARN) and id. @internal */
export interface Listed {
  arn: string;
  id: string;
}

/** The calls the Account A functions make. @internal */
export interface ControlPlane {
  /** The region the client sends to. */
  readonly region: string;
  /** One page of the account's runtimes in the region (ListAgentRuntimes, 100 a page). */
  listRuntimes(nextToken?: string): Promise<ListPage<Listed>>;
  /** One page of a runtime's endpoints (ListAgentRuntimeEndpoints, 100 a page); `id` is the endpoint name. */
  listEndpoints(runtimeId: string, nextToken?: string): Promise<ListPage<Listed>>;
  /** One page of the account's memories in the region (ListMemories, 100 a page). */
  listMemories(nextToken?: string): Promise<ListPage<Listed>>;
  /** One page of gateway ids (ListGateways, 1,000 a page: its summaries carry no ARN). */
  listGateways(nextToken?: string): Promise<ListPage<string>>;
  /** A gateway's ARN (GetGateway). */
  gatewayArn(gatewayId: string): Promise<string>;
  /** The attached policy text; `undefined` for none (a 404 or an empty answer). */
  getPolicy(resourceArn: string): Promise<string | undefined>;
  putPolicy(resourceArn: string, policy: string): Promise<void>;
  /** Deletes the policy; one already gone (404) counts as deleted. */
  deletePolicy(resourceArn: string): Promise<void>;
  createMemory(input: DeliveryCreateMemoryInput & { clientToken?: string }): Promise<CheckedMemory>;
  /** Polls GetMemory (the SDK's waiter) until the memory is ACTIVE. */
  waitForMemory(memoryId: string, maxWaitSeconds: number): Promise<CheckedMemory>;
  /** Destroys the client if it was created here. */
  close(): void;
}

/** A memory whose ARN and id were checked to be present. @internal */
export type CheckedMemory = Memory & { arn: string; id: string };

/**
 * The options of an Account A function, read once: its data members whole (`plain`), the
 * control-plane client and its configuration as given (the SDK keeps its own state), and
 * `dryRun` and `confirm`, when given, booleans.
 * @internal
 */
export function adminOptions<T>(options: T, name: string): T {
  const given = record(
    shallow(options, 'options'),
    'options',
    `Call ${name}({ … }) with the documented fields.`,
  );
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    Object.defineProperty(out, key, {
      value:
        key === 'client'
          ? value
          : key === 'clientConfig'
            ? record(shallow(value, 'clientConfig'), 'clientConfig', CLIENT_FIX)
            : plain(value, key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  for (const key of ['dryRun', 'confirm', 'waitUntilActive']) {
    if (out[key] !== undefined && typeof out[key] !== 'boolean') {
      throw new ValidationError(
        key,
        `${key} must be true or false, not ${shown(out[key])}`,
        `Pass ${key}: true, or leave it out.`,
      );
    }
  }
  return out as T;
}

const CLIENT_FIX = 'Pass a BedrockAgentCoreControlClient as client, or its configuration as clientConfig.';

/** Where the client comes from. @internal */
export interface ClientSource {
  client?: SdkClient | undefined;
  clientConfig?: SdkClientConfig | undefined;
}

/**
 * Opens the control plane, or `undefined` when neither `client` nor `clientConfig` is given.
 * Refuses both at once, and a client whose region is not `region` (the resource's), before any
 * request.
 * @internal
 */
export async function openControlPlane(
  source: ClientSource,
  region: string | undefined,
): Promise<ControlPlane | undefined> {
  const { client: given, clientConfig } = source;
  if (given !== undefined && clientConfig !== undefined) {
    throw new ValidationError(
      'clientConfig',
      'Both client and clientConfig are given',
      'Pass a BedrockAgentCoreControlClient as client, or its configuration as clientConfig, not both.',
    );
  }
  if (given === undefined && clientConfig === undefined) return undefined;
  if (given !== undefined && !isControlClient(given)) {
    const service = sdkServiceOf(given);
    throw new ValidationError(
      'client',
      `client is ${service === undefined ? shown(given) : `a client of ${service}`}, not a BedrockAgentCoreControlClient`,
      CLIENT_FIX,
    );
  }
  const sdk = await loadControlModule();
  const client =
    given ??
    new sdk.BedrockAgentCoreControlClient(
      region === undefined ? { ...clientConfig } : { region, ...clientConfig },
    );
  const owned = given === undefined;
  let planeRegion: string;
  try {
    let clientRegion: unknown;
    try {
      clientRegion = await client.config.region();
    } catch (error) {
      throw new ValidationError('client', 'The control-plane client’s region could not be read', CLIENT_FIX, {
        cause: error,
      });
    }
    if (region === undefined) {
      if (typeof clientRegion !== 'string' || clientRegion === '') {
        throw new ValidationError(
          'region',
          'The control-plane client has no region',
          'Give the client a region (clientConfig: { region: "eu-west-1" }, or AWS_REGION).',
        );
      }
      planeRegion = clientRegion;
    } else if (clientRegion !== region) {
      throw new ValidationError(
        'region',
        `The control-plane client sends to ${typeof clientRegion === 'string' ? clientRegion : shown(clientRegion)} but the resource is in ${region}; the call would not find it`,
        `Use a client (or clientConfig.region) for ${region}.`,
      );
    } else {
      planeRegion = region;
    }
  } catch (error) {
    if (owned) client.destroy();
    throw error;
  }
  /** The item's ARN, parsed once (its id comes from the same parse). */
  const checkedArn = (value: unknown, operation: string, member: string): AgentCoreArn => {
    if (typeof value !== 'string') {
      throw new ValidationError(
        member,
        `${operation} answered an item without ${member}`,
        'Check the control-plane endpoint: an AgentCore control plane always returns it.',
      );
    }
    return parseArn(value);
  };
  return {
    region: planeRegion,
    async listRuntimes(nextToken) {
      const out = await client.send(new sdk.ListAgentRuntimesCommand({ maxResults: 100, nextToken }));
      return {
        items: (out.agentRuntimes ?? []).map((r) => {
          const parsed = checkedArn(r.agentRuntimeArn, 'ListAgentRuntimes', 'agentRuntimeArn');
          return { arn: parsed.arn, id: parsed.resourceType === 'runtime' ? parsed.runtimeId : '' };
        }),
        nextToken: out.nextToken,
      };
    },
    async listEndpoints(runtimeId, nextToken) {
      const out = await client.send(
        new sdk.ListAgentRuntimeEndpointsCommand({ agentRuntimeId: runtimeId, maxResults: 100, nextToken }),
      );
      return {
        items: (out.runtimeEndpoints ?? []).map((e) => {
          const parsed = checkedArn(
            e.agentRuntimeEndpointArn,
            'ListAgentRuntimeEndpoints',
            'agentRuntimeEndpointArn',
          );
          return {
            arn: parsed.arn,
            id: parsed.resourceType === 'runtime-endpoint' ? parsed.endpointName : '',
          };
        }),
        nextToken: out.nextToken,
      };
    },
    async listMemories(nextToken) {
      const out = await client.send(new sdk.ListMemoriesCommand({ maxResults: 100, nextToken }));
      return {
        items: (out.memories ?? []).map((m) => {
          const parsed = checkedArn(m.arn, 'ListMemories', 'arn');
          return { arn: parsed.arn, id: parsed.resourceType === 'memory' ? parsed.memoryId : '' };
        }),
        nextToken: out.nextToken,
      };
    },
    async listGateways(nextToken) {
      const out = await client.send(new sdk.ListGatewaysCommand({ maxResults: 1000, nextToken }));
      return {
        items: (out.items ?? []).map((g) => {
          if (typeof g.gatewayId !== 'string') checkedArn(undefined, 'ListGateways', 'gatewayId');
          return g.gatewayId as string;
        }),
        nextToken: out.nextToken,
      };
    },
    async gatewayArn(gatewayId) {
      const out = await client.send(new sdk.GetGatewayCommand({ gatewayIdentifier: gatewayId }));
      return checkedArn(out.gatewayArn, 'GetGateway', 'gatewayArn').arn;
    },
    async getPolicy(resourceArn) {
      try {
        const output = await client.send(new sdk.GetResourcePolicyCommand({ resourceArn }));
        // Assumed: an empty answer means no policy, like the 404 the emulator gives (unconfirmed
        // for AWS, which may answer either way).
        return output.policy === undefined || output.policy === '' ? undefined : output.policy;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async putPolicy(resourceArn, policy) {
      await client.send(new sdk.PutResourcePolicyCommand({ resourceArn, policy }));
    },
    async deletePolicy(resourceArn) {
      try {
        await client.send(new sdk.DeleteResourcePolicyCommand({ resourceArn }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    async createMemory(input) {
      const output = await client.send(new sdk.CreateMemoryCommand(input as CreateMemoryCommandInput));
      return requireMemory(output.memory, 'CreateMemory');
    },
    async waitForMemory(memoryId, maxWaitSeconds) {
      const result = await sdk.waitUntilMemoryCreated(
        { client, maxWaitTime: maxWaitSeconds, minDelay: 2 },
        { memoryId },
      );
      const output = result.reason as { memory?: Memory } | undefined;
      return requireMemory(output?.memory, 'GetMemory');
    },
    close() {
      if (owned) client.destroy();
    },
  };
}

/** True for ResourceNotFoundException (or any 404). @internal */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
  return e?.name === 'ResourceNotFoundException' || e?.$metadata?.httpStatusCode === 404;
}

/** An error as an `Error`, for result entries. @internal */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function requireMemory(memory: Memory | undefined, operation: string): CheckedMemory {
  if (typeof memory?.arn !== 'string' || typeof memory.id !== 'string') {
    throw new ValidationError(
      'memory',
      `${operation} answered without the memory's arn and id`,
      'Check the control-plane endpoint: an AgentCore control plane always returns them.',
    );
  }
  return memory as CheckedMemory;
}

/** Whether `value` looks like an SDK client: `send()` and a `config.region()` provider. */
function isControlClient(value: unknown): value is BedrockAgentCoreControlClient {
  try {
    const client = value as { send?: unknown; config?: { region?: unknown } };
    const service = sdkServiceOf(value);
    return (
      typeof client.send === 'function' &&
      typeof client.config?.region === 'function' &&
      (service === undefined || service === CONTROL_SERVICE_ID)
    );
  } catch {
    return false;
  }
}

/** The `serviceId` every AWS SDK v3 client's config carries (`IAM`, `Bedrock AgentCore Control`). */
const CONTROL_SERVICE_ID = 'Bedrock AgentCore Control';
