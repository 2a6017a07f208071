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

/**
 * Our source files with code in a one-file bundle of `entry` (it inlines dynamic imports too), as
 * a Lambda function bundled with esbuild gets them: a file whose exports are all unused is
 * tree-shaken to nothing.
 */
async function bundledSources(entry: string): Promise<Map<string, number>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: 'bundle.js',
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const [output] = Object.values((result.metafile as Metafile).outputs);
  return new Map(
    Object.entries(output?.inputs ?? {})
      .filter(([path, input]) => path.startsWith('src/') && input.bytesInOutput > 0)
      .map(([path, input]) => [path, input.bytesInOutput]),
  );
}

describe('module graph (bundle size)', () => {
  // The evaluator and the action table are about 40 KB of a minified Lambda bundle. The client
  // ranks causes without them; proving a cause takes `diagnose.explain`, given by the caller.
  let client: Map<string, number>;
  beforeAll(async () => {
    client = await bundledSources('src/client.ts');
  });

  it.each([
    'src/policy/evaluate/explain.ts',
    'src/policy/evaluate/causes.ts',
    'src/policy/lint/lint-policy.ts',
    'src/admin/grant.ts',
  ])('a bundle of CrossAccountAgentClient does not contain %s', (file) => {
    expect(client.has('src/diagnose/diagnosis.ts')).toBe(true);
    expect(client.has(file)).toBe(false);
  });

  it('a bundle of CrossAccountAgentClient has the short list of hierarchical actions, not the action table', () => {
    // The table is about 14 KB unminified; the list of hierarchical actions about 0.4 KB.
    expect(client.get('src/policy/data/actions.ts')).toBeLessThan(1_000);
  });
});

describe('module graph (one-file bundles)', () => {
  it('a one-file bundle of the root entry (a Lambda that only invokes) neither needs nor carries ws or the MCP SDK', async () => {
    const attempted: string[] = [];
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [
        {
          // As in a function project that did not install the optional peers: resolving them fails.
          name: 'absent-optional-peers',
          setup(b) {
            b.onResolve({ filter: /^(ws|@modelcontextprotocol\/sdk)(\/|$)/ }, (args) => {
              attempted.push(args.path);
              return { errors: [{ text: `${args.path} is not installed` }] };
            });
          },
        },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(attempted).toEqual([]);
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(inputs.filter((p) => /node_modules\/(ws|@modelcontextprotocol)\//.test(p))).toEqual([]);
  });
});

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
    '@smithy/hash-node',
    'node:http',
    // The optional peers of client.connect and client.gateway: loaded on their first use only.
    'ws',
    '@modelcontextprotocol/sdk',
  ])('the root entry does not load %s at import time', (name) => {
    expect([...root].filter((p) => p === name || p.startsWith(`${name}/`))).toEqual([]);
  });

  it.each(['ws', '@modelcontextprotocol/sdk'])(
    'the testing entry loads the optional peer %s only when the emulator first needs it',
    async (name) => {
      const testing = await staticPackages('src/testing/index.ts');
      expect([...testing].filter((p) => p === name || p.startsWith(`${name}/`))).toEqual([]);
    },
  );

  it('the policy entry imports no package at all (pure: browser and CDK safe)', () => {
    expect([...policy]).toEqual([]);
  });
});
