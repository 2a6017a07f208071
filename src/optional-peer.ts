/**
 * Loading an optional peer dependency (STS, the credential providers, the control-plane client)
 * on first use, with a one-line {@link MissingDependencyError} naming the package and the install
 * command when it is absent.
 * @internal
 */
import { MissingDependencyError } from './errors.js';

/**
 * True when `error` says that `packageName` itself cannot be found (ESM `import()` or a CommonJS
 * `require()` in a bundle), not a module inside it or one of its own dependencies.
 * @internal
 */
export function isPackageMissing(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && message.includes(`'${packageName}'`);
}

/**
 * Runs `load` (an `import()` of `packageName`, written out so bundlers see it) and turns "not
 * installed" into a {@link MissingDependencyError}; any other failure is rethrown unchanged.
 * @param neededFor - What needs it, for the message: `Assume-role access`.
 * @internal
 */
export async function loadOptionalPeer<T>(
  packageName: string,
  neededFor: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isPackageMissing(error, packageName))
      throw new MissingDependencyError(packageName, neededFor, { cause: error });
    throw error;
  }
}

/**
 * `import(specifier)` that bundlers do not follow (the specifier is not a literal): for optional
 * peers a bundled function should carry only if it uses them (`ws`, the MCP SDK). A one-file
 * Lambda bundle that never opens a WebSocket or calls a gateway then neither fails to build
 * without them nor parses them at every cold start; one that does passes them in (the gateway's
 * `mcp` option) or deploys them beside the bundle.
 * @internal
 */
export function importUnbundled<T>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}
