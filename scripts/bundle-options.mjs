// The esbuild build of the published JavaScript, shared by `npm run build` and the CLI tests
// (which build into their own folders), so the tested binary is built as it ships.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  packages: 'external',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  // Not minified: an uncaught error makes Node print the line that threw, which must be a line of
  // code, not a whole file on one line (95,939 bytes on stderr for one AccessDenied when it was).
  // Minifying saved no measurable import time (docs/benchmarks.md: root-entry import).
};

// The library entries, built together so they share one copy of each module (one error class,
// one credential cache). esbuild puts the modules reached by each distinct set of entries (and
// of `import()` targets) in their own chunk, and every file costs an ES module load at import
// time, so the library keeps its `import()`s to packages (STS, the control plane, the credential
// providers), which stay external.
const LIBRARY_ENTRIES = ['src/index.ts', 'src/policy/index.ts', 'src/testing/index.ts'];

// The CLI imports only the public entries: they stay imports of the built library files
// (`../index.js`…), so the CLI adds no chunk to the library's and shares its modules.
const PUBLIC_ENTRIES = ['index', 'policy/index', 'testing/index'];

// Small modules shared by the client (root entry) and the emulator (testing entry) but not the
// policy entry: as modules of their own they would be a chunk of their own, one more file the root
// entry loads. The emulator gets a copy instead, built from the same file: the memory input limits
// (constants) and the optional-peer loader (its error class still comes from the shared chunk).
const EMULATOR_COPIES = ['src/memory/limits.ts', 'src/optional-peer.ts'];

/** @type {import('esbuild').Plugin} */
const emulatorCopies = {
  name: 'emulator-copies',
  setup(b) {
    const root = b.initialOptions.absWorkingDir ?? process.cwd();
    const shared = EMULATOR_COPIES.map((file) => join(root, file));
    b.onResolve({ filter: /\/(memory\/limits|optional-peer)\.js$/ }, (args) => {
      const path = join(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      if (!shared.includes(path) || !args.importer.includes('/src/testing/')) return undefined;
      return { path, namespace: 'emulator-copy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'emulator-copy' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'ts',
      resolveDir: dirname(args.path),
    }));
  },
};

/** @type {import('esbuild').Plugin} */
const publicEntriesExternal = {
  name: 'public-entries-external',
  setup(b) {
    const src = join(b.initialOptions.absWorkingDir ?? process.cwd(), 'src');
    b.onResolve({ filter: /index\.js$/ }, (args) => {
      const path = join(args.resolveDir, args.path);
      const target = PUBLIC_ENTRIES.find((entry) => path === join(src, `${entry}.js`));
      if (target === undefined) return undefined;
      return { path: `../${target}.js`, external: true };
    });
  },
};

/**
 * Builds the JavaScript of dist/ into `outdir`: the library entries with shared chunks, then the
 * CLI (with its lazily loaded commands) on top of them.
 * @param {{ absWorkingDir: string, outdir: string, sourcemap?: boolean }} options
 */
export async function buildJavaScript({ absWorkingDir, outdir, sourcemap = false }) {
  await build({
    ...bundleOptions,
    absWorkingDir,
    entryPoints: LIBRARY_ENTRIES,
    outdir,
    sourcemap,
    plugins: [emulatorCopies],
  });
  await build({
    ...bundleOptions,
    absWorkingDir,
    entryPoints: ['src/cli/index.ts'],
    outdir: `${outdir}/cli`,
    outbase: 'src/cli',
    // Next to the entry: an external path is written verbatim in every file, so `../index.js`
    // must mean dist/index.js from each of them.
    chunkNames: '[name]-[hash]',
    sourcemap,
    plugins: [publicEntriesExternal],
  });
}
