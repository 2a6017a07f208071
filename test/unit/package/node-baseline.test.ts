/**
 * Node 22 is the baseline: the engines field, the esbuild target of the published build, the Node
 * types the code is checked against and the CI example all name it. `.ci/run` runs the suite on
 * Node 22 and on Node 24 and sets CI_NODE_MAJOR: the suite proves it runs on that Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../../scripts/bundle-options.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('Node baseline', () => {
  it('runs on the Node that CI asked for', () => {
    // Printed so the CI log shows which Node ran the tests.
    console.log(`tests run on Node ${process.version}`);
    const wanted = process.env.CI_NODE_MAJOR;
    if (wanted !== undefined && wanted !== '') expect(process.versions.node.split('.')[0]).toBe(wanted);
  });

  it('engines, the build target, @types/node and the CI example agree on Node 22', () => {
    const minimum = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(minimum?.[1]).toBe('22');
    // 22.12 is the first 22 release that loads ES modules with require() without a flag.
    expect(Number(minimum?.[2])).toBeGreaterThanOrEqual(12);
    expect(bundleOptions.target).toBe(`node${minimum?.[1]}.${minimum?.[2]}`);
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^22\./);
    const workflow = readFileSync(`${ROOT}examples/ci/lint-policies.yml`, 'utf8');
    expect(workflow).toMatch(/node-version: 22\n/);
  });
});
