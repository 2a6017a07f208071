export declare const LAMBDA_BUNDLE_COMMAND: string;
export declare function lambdaProject(
  name: string,
  handlerFile: string,
  packageDir?: string,
): { dir: string; cleanup: () => void };
export declare function buildLambda(dir: string, command?: string): { bundle: string; bytes: number };
export declare function invokeInFreshProcess(
  bundle: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ answer: unknown; loadMs: number; invokeMs: number; stderr: string }>;
