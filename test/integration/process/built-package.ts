/**
 * The package as users get it, for tests where process lifetime matters: `dist/` built the way
 * `npm run build` builds it, with the package's own `package.json` (exports, bin), linked into an
 * app folder's node_modules so scripts import `agentcore-xacct` by name. The built files resolve
 * their external packages (the AWS SDK, p-retry) from the repository's node_modules.
 */
import type { ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { buildJavaScript } from '../../../scripts/bundle-options.mjs';
import { start } from '../cli/binary.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** An installed build: the app folder, the CLI binary, and how to remove both. */
export interface BuiltPackage {
  /** A folder whose node_modules holds `agentcore-xacct`; scripts copied here import it by name. */
  app: string;
  /** The built CLI, `node_modules/agentcore-xacct/dist/cli/index.js`. */
  bin: string;
  /** Copies `test/fixtures/process/<name>` into the app folder and returns its path. */
  script(name: string): string;
  cleanup(): void;
}

export async function installBuiltPackage(): Promise<BuiltPackage> {
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'agentcore-xacct-pkg-'));
  const pkgDir = join(dir, 'package');
  await buildJavaScript({ absWorkingDir: ROOT, outdir: join(pkgDir, 'dist') });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name, version, type, exports, main, types, bin } = pkg;
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({ name, version, type, exports, main, types, bin }),
  );
  const app = join(dir, 'app');
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  symlinkSync(pkgDir, join(app, 'node_modules', 'agentcore-xacct'), 'dir');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  return {
    app,
    bin: join(app, 'node_modules/agentcore-xacct/dist/cli/index.js'),
    script(file) {
      const target = join(app, file);
      copyFileSync(join(ROOT, 'test/fixtures/process', file), target);
      return target;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts `node file` and resolves with the first line it prints (JSON) once it is printed. */
export function startNode<T>(
  file: string,
  args: readonly string[],
): Promise<{ child: ChildProcess; ready: T }> {
  return new Promise((resolve, reject) => {
    const child = start(file, args, { HOME: '/nonexistent' });
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve({ child, ready: JSON.parse(stdout.slice(0, end)) as T });
    });
  });
}

/** Stops a process started with {@link startNode} and waits until it is gone. */
export function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}
