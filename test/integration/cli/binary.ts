/**
 * Builds the `agentcore-xacct` binary the way `npm run build` does (the same esbuild build of
 * the library and the CLI on top of it, packages external) and spawns it. Each test file builds into its own directory
 * under node_modules/.cache, so parallel test files never delete each other's dist/ (the full
 * build starts with `rm -rf dist`); node still resolves the external packages from the repo.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildJavaScript } from '../../../scripts/bundle-options.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** The built binary's path. */
export async function buildCli(): Promise<{ bin: string; cleanup: () => void }> {
  const cache = join(ROOT, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'agentcore-xacct-cli-'));
  await buildJavaScript({ absWorkingDir: ROOT, outdir });
  return {
    bin: join(outdir, 'cli/index.js'),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** What a finished run printed and how it exited. */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Environment of a spawned run: no colours, no ambient AWS profile, plus `env`. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    // These tests read what is printed, not its layout (terminal.test.ts checks the 80 columns):
    // lines are not wrapped.
    COLUMNS: '10000',
    // Under Node 20 the SDK warns on stderr that its support ends; the tests assert an empty stderr.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return { ...base, ...env };
}

/** Runs the binary to completion. */
export function run(
  bin: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  return collect(spawn(process.execPath, [bin, ...args], { cwd: ROOT, env: environment(env) }));
}

/** What a spawned process prints, once it has ended (without blocking this process meanwhile). */
export function collect(child: ChildProcess): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** Starts the binary without waiting for it (for long-running commands). */
export function start(bin: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: ROOT, env: environment(env) });
}

/** A path under the repository. */
export function repoPath(path: string): string {
  return join(ROOT, path);
}
