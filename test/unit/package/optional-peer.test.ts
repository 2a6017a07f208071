/**
 * A missing optional peer is a one-line error naming the package and the command that installs it.
 * The "not installed" errors are Node's own: an `import()` of a package that does not exist.
 */
import { describe, expect, it } from 'vitest';
import { isMissingDependencyError } from '../../../src/errors.js';
import { isPackageMissing, loadOptionalPeer } from '../../../src/optional-peer.js';

const ABSENT = '@aws-sdk/client-agentcore-xacct-absent';

async function failureOf(load: () => Promise<unknown>): Promise<unknown> {
  try {
    await load();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('optional peers', () => {
  it('an absent package is a MissingDependencyError with the install command, on one line', async () => {
    const error = await failureOf(() => loadOptionalPeer(ABSENT, 'Assume-role access', () => import(ABSENT)));
    expect(isMissingDependencyError(error)).toBe(true);
    if (!isMissingDependencyError(error)) return;
    expect(error.packageName).toBe(ABSENT);
    expect(error.fix).toBe(`npm install ${ABSENT}`);
    expect(error.message).toBe(
      `Assume-role access needs ${ABSENT}, an optional peer dependency that is not installed: run npm install ${ABSENT}`,
    );
    expect(error.message).not.toContain('\n');
    expect((error.cause as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('a present package loads', async () => {
    const sts = await loadOptionalPeer('@aws-sdk/client-sts', 'x', () => import('@aws-sdk/client-sts'));
    expect(typeof sts.STSClient).toBe('function');
  });

  it.each([
    [
      'ESM import() of the package',
      'ERR_MODULE_NOT_FOUND',
      `Cannot find package '${ABSENT}' imported from /app/x.js`,
      true,
    ],
    [
      'CommonJS require() in a bundle',
      'MODULE_NOT_FOUND',
      `Cannot find module '${ABSENT}'\nRequire stack:`,
      true,
    ],
    [
      'another package missing inside it',
      'ERR_MODULE_NOT_FOUND',
      "Cannot find package '@smithy/core' imported from /x",
      false,
    ],
    [
      'a prefix of the name',
      'ERR_MODULE_NOT_FOUND',
      `Cannot find package '${ABSENT}-extra' imported from /x`,
      false,
    ],
    ['another error', 'EACCES', `permission denied '${ABSENT}'`, false],
  ])('%s: missing %#', (_name, code, message, missing) => {
    expect(isPackageMissing(Object.assign(new Error(message), { code }), ABSENT)).toBe(missing);
  });

  it('other failures pass through unchanged', async () => {
    const boom = new Error('boom');
    expect(await failureOf(() => loadOptionalPeer(ABSENT, 'x', () => Promise.reject(boom)))).toBe(boom);
  });
});
