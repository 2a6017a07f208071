/**
 * A Node service in Account B that records conversations into, and reads user preferences from,
 * an AgentCore Memory in Account A (seed 001: cross-account data-plane access by full ARN).
 *
 * Configuration (environment variables):
 * - `MEMORY_ARN`: the memory's full ARN in Account A, e.g.
 *   `arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij`.
 *   A bare id would resolve in Account B: the handle refuses it (`memory-id-not-arn`).
 * - `CREATE_EVENT_RATE` (optional): CreateEvent requests per second per user and session, when
 *   your account's quota was raised (default: AgentCore's quotas, 5/s for conversational events).
 * - `PORT` (optional, default 8080).
 *
 * Account A must attach a memory resource policy naming this service's role (for example with
 * `grantMemoryAccess`), and the role's identity policy must allow the memory ARN
 * (`callerIdentityPolicy({ memoryArns, memoryAccess: 'read-write' })`).
 *
 * Run: `MEMORY_ARN=… npx tsx examples/memory-service.ts`, then
 * `curl -XPOST localhost:8080/users/user-42/sessions/s1/turns -d '[{"role":"USER","text":"I prefer aisle seats"}]'`
 * and `curl 'localhost:8080/users/user-42/preferences?q=seats'`.
 * Offline: `npx tsx examples/memory-service.ts --emulator` runs the same calls against the local emulator.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  CrossAccountAgentClient as Client,
  type CrossAccountAgentClient,
  isAgentCoreAccessDeniedError,
  isValidationError,
} from 'agentcore-xacct';

type Memory = ReturnType<CrossAccountAgentClient['memory']>;

/** One turn of a conversation, as the service's clients post it. */
export interface Turn {
  role: 'USER' | 'ASSISTANT';
  text: string;
}

/** Where a strategy in Account A stores a user's preferences (its template, resolved per user). */
export function preferencesNamespace(userId: string): string {
  return `preferences/${userId}`;
}

/** The service's two operations, independent of HTTP. */
export function memoryService(memory: Memory) {
  return {
    /** Stores the turns as one event; a burst for one session queues behind the CreateEvent quota. */
    async recordConversation(userId: string, sessionId: string, turns: Turn[]): Promise<string> {
      const { event } = await memory.recordTurns({
        actorId: userId,
        sessionId,
        turns,
        metadata: { source: 'memory-service' },
      });
      return event?.eventId ?? '';
    },
    /** The user's preferences most relevant to `query`; a denied search throws, it never returns []. */
    async preferences(userId: string, query: string): Promise<string[]> {
      const hits = await memory.retrieve({ namespace: preferencesNamespace(userId), query, topK: 5 });
      return hits.map((hit) => hit.content?.text ?? '');
    },
  };
}

/** The HTTP front of the service. */
export function httpHandler(service: ReturnType<typeof memoryService>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const turns = /^\/users\/([^/]+)\/sessions\/([^/]+)\/turns$/.exec(url.pathname);
    const prefs = /^\/users\/([^/]+)\/preferences$/.exec(url.pathname);
    try {
      if (req.method === 'POST' && turns !== null) {
        const body = JSON.parse(await readBody(req)) as Turn[];
        const eventId = await service.recordConversation(decode(turns[1]), decode(turns[2]), body);
        return send(res, 201, { eventId });
      }
      if (req.method === 'GET' && prefs !== null) {
        return send(res, 200, {
          preferences: await service.preferences(
            decode(prefs[1]),
            url.searchParams.get('q') ?? 'preferences',
          ),
        });
      }
      return send(res, 404, { error: 'not found' });
    } catch (error) {
      if (isValidationError(error) || error instanceof SyntaxError)
        return send(res, 400, { error: error.message });
      // The diagnosis says which side (Account A's resource policy, or this role's identity policy) is missing.
      if (isAgentCoreAccessDeniedError(error)) return send(res, 403, { error: error.message });
      return send(res, 502, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function decode(value: string | undefined): string {
  return decodeURIComponent(value ?? '');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The whole flow against the local emulator: Account A grants seed 001's caller read-write
 * access, its (emulated) extraction has stored two preferences, and the service records a
 * conversation and retrieves the preference. Returns true when the preference came back.
 */
export async function onEmulator(print: (line: string) => void = console.log): Promise<boolean> {
  const { startLocalAgentCore } = await import('agentcore-xacct/testing');
  const { callerIdentityPolicy, memoryAccessPolicy } = await import('agentcore-xacct/policy');
  const { BedrockAgentCoreControlClient, PutResourcePolicyCommand } = await import(
    '@aws-sdk/client-bedrock-agentcore-control'
  );
  const emulator = await startLocalAgentCore();
  const memoryArn = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
  const callerArn = 'arn:aws:iam::222222222222:role/the-caller-role';
  const admin = new BedrockAgentCoreControlClient(
    emulator.clientConfig('arn:aws:iam::111111111111:role/admin'),
  );
  const { endpoint, credentials } = emulator.clientConfig(callerArn);
  const client = new Client({ access: { mode: 'resource-policy', credentials }, clientConfig: { endpoint } });
  try {
    const policy = memoryAccessPolicy({ memoryArn, readers: [callerArn], writers: [callerArn] });
    await admin.send(
      new PutResourcePolicyCommand({ resourceArn: memoryArn, policy: JSON.stringify(policy.document) }),
    );
    emulator.setIdentityPolicy(
      callerArn,
      callerIdentityPolicy({ memoryArns: [memoryArn], memoryAccess: 'read-write' }),
    );
    const memory = client.memory(memoryArn);
    // What Account A's extraction strategy would have stored (the emulator extracts nothing).
    const seeded = await memory.batchCreateMemoryRecords({
      records: ['Prefers aisle seats on flights', 'Vegetarian meals'].map((text) => ({
        content: { text },
        namespaces: [preferencesNamespace('user-42')],
      })),
    });
    print(`Account A holds ${seeded.succeeded.length} preferences (${seeded.failed.length} failed)`);
    const service = memoryService(memory);
    const eventId = await service.recordConversation('user-42', 'session-1', [
      { role: 'USER', text: 'Book my flight to Lisbon' },
      { role: 'ASSISTANT', text: 'Aisle seat as usual?' },
    ]);
    print(`Recorded the conversation as event ${eventId} in ${memory.arn}`);
    const preferences = await service.preferences('user-42', 'seats on flights');
    print(`Preferences for "seats on flights": ${preferences.join('; ')}`);
    return preferences[0] === 'Prefers aisle seats on flights';
  } finally {
    client.destroy();
    admin.destroy();
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--emulator')) {
    process.exitCode = (await onEmulator()) ? 0 : 1;
    return;
  }
  const memoryArn = process.env['MEMORY_ARN'];
  if (memoryArn === undefined || memoryArn === '')
    throw new Error('Set MEMORY_ARN to the memory ARN in Account A.');
  const rate = process.env['CREATE_EVENT_RATE'];
  const client = new Client();
  const memory = client.memory(
    memoryArn,
    rate === undefined ? {} : { createEventRate: { perSecond: Number(rate), burst: 1 } },
  );
  const port = Number(process.env['PORT'] ?? '8080');
  createServer((req, res) => void httpHandler(memoryService(memory))(req, res)).listen(port, () =>
    console.log(`memory service on :${port}, memory ${memory.arn}`),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
