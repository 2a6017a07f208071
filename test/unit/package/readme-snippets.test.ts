/**
 * The README's TypeScript snippets are code, so they are compiled: each ```ts block is written to
 * a scratch file and type-checked with the project's strict settings, the package's own names
 * mapped to the sources (tsconfig.json's paths). A README that drifts from the API fails here.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = join(root, '.tmp', 'readme-snippets');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README snippets', () => {
  it('has TypeScript snippets to check', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it('type-check against the public API', () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    // Each snippet is its own module (`export {}`), so top-level await and names stay local.
    const files = snippets.map((code, i) => {
      const file = join(scratch, `snippet-${i}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('tsconfig.json could not be read');
    // tsconfig.json maps the package's own names to the sources (its `paths`).
    const program = ts.createProgram(files, { ...config.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || d.file.fileName.startsWith(scratch))
      .map((d) => {
        const where =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const name = d.file ? d.file.fileName.slice(scratch.length + 1) : '';
        return `${name}:${where ? where.line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
  }, 120_000);
});
