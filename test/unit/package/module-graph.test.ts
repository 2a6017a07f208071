import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The packages an entry loads at import time: follows only static import edges (dynamic
 * `import()` is lazy, so it does not count) from the entry through our own sources, and
 * collects the external packages reached.
 */
async function staticPackages(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = (result.metafile as Metafile).inputs;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const edge of inputs[file]?.imports ?? []) {
      if (edge.kind !== 'import-statement' && edge.kind !== 'require-call') continue;
      if (edge.external) packages.add(edge.path);
      else queue.push(edge.path);
    }
  }
  return packages;
}

describe('module graph (cold start)', () => {
  let root: Set<string>;
  let policy: Set<string>;
  beforeAll(async () => {
    root = await staticPackages('src/index.ts');
    policy = await staticPackages('src/policy/index.ts');
  });

  it.each([
    '@aws-sdk/client-sts',
    '@aws-sdk/client-bedrock-agentcore-control',
    '@aws-sdk/credential-providers',
    '@smithy/signature-v4',
    'node:http',
  ])('the root entry does not load %s at import time', (name) => {
    expect([...root].filter((p) => p === name || p.startsWith(`${name}/`))).toEqual([]);
  });

  it('the policy entry imports no package at all (pure: browser and CDK safe)', () => {
    expect([...policy]).toEqual([]);
  });
});
