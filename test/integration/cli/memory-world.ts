/**
 * The world of the CLI memory tests: the built binary, an emulator holding Account A's memory
 * shared with the caller (resource policy granted through the admin API, identity policy set),
 * the caller's credentials as environment variables, and a scratch folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callerIdentityPolicy, grantMemoryAccess } from '../../../src/index.js';
import {
  type LocalAgentCore,
  type LocalAgentCoreOptions,
  startLocalAgentCore,
} from '../../../src/testing/index.js';
import { buildCli } from './binary.js';

export const MEMORY = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:memory/shared_memory-abcdefghij';
export const CALLER = 'arn:aws:iam::222222222222:role/the-caller-role';
const ADMIN = 'arn:aws:iam::111111111111:role/admin';

/** What a CLI memory test runs against. */
export interface MemoryCliWorld {
  bin: string;
  emulator: LocalAgentCore;
  /** The caller's credentials, for the spawned binary. */
  env: Record<string, string>;
  /** A scratch folder, removed by `stop()`. */
  dir: string;
  stop(): Promise<void>;
}

/** Builds the binary and starts the emulator with MEMORY granted read-write to CALLER. */
export async function startMemoryCliWorld(emulatorOptions?: LocalAgentCoreOptions): Promise<MemoryCliWorld> {
  const { bin, cleanup } = await buildCli();
  const emulator = await startLocalAgentCore(emulatorOptions);
  const granted = await grantMemoryAccess({
    memoryArn: MEMORY,
    writers: [CALLER],
    clientConfig: emulator.clientConfig(ADMIN),
  });
  if (!granted.ok) throw new Error(`granting the memory failed: ${JSON.stringify(granted.changes)}`);
  emulator.setIdentityPolicy(
    CALLER,
    callerIdentityPolicy({ memoryArns: [MEMORY], memoryAccess: 'read-write' }),
  );
  const credentials = emulator.credentialsFor(CALLER);
  const dir = mkdtempSync(join(tmpdir(), 'xacct-memory-'));
  return {
    bin,
    emulator,
    env: { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    dir,
    async stop() {
      await emulator.stop();
      cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
