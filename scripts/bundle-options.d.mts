import type { BuildOptions } from 'esbuild';
export declare const bundleOptions: BuildOptions;
export declare function buildJavaScript(options: {
  absWorkingDir: string;
  outdir: string;
  sourcemap?: boolean;
}): Promise<void>;
