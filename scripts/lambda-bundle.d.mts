/** One access pattern's build in the Lambda guide: its install commands and its esbuild command. */
export interface LambdaBuild {
  install: string[];
  command: string;
}
export declare const LAMBDA_BUILDS: Record<'resource-policy' | 'assume-role', LambdaBuild>;
export declare function installedPackages(build: LambdaBuild): string[];
export declare function lambdaProject(
  name: string,
  handlerFile: string,
  packages: readonly string[],
): { dir: string; packageDir: string; cleanup: () => void };
export declare function buildLambda(dir: string, command?: string): { bundle: string; bytes: number };
export declare function invokeInFreshProcess(
  bundle: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ answer: unknown; loadMs: number; invokeMs: number; stderr: string }>;
