// The esbuild options of the published JavaScript, shared by `npm run build` and the CLI tests
// (which build the binary into their own folders), so the tested binary is built as it ships.
/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  logLevel: 'warning',
};
