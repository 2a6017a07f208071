/**
 * Type tests of the CLI declaration (src/cli/spec.ts): the options each command's code reads are
 * typed from the declared flags, so a renamed flag fails to compile where the old name is read,
 * and a declared command without a handler fails to compile too. Checked by `npm run typecheck`
 * (each `@ts-expect-error` fails it if the misuse compiles).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { handlers } from '../../../src/cli/handlers.js';
import type { Handlers } from '../../../src/cli/program.js';
import type { OptionsOf, OptionsOfSpec } from '../../../src/cli/spec.js';

describe('options typed from the declaration', () => {
  it('a flag is its camelCase key; required flags and defaults are always present', () => {
    expectTypeOf<OptionsOf<'memory create-event'>>().toEqualTypeOf<{
      memoryArn: string;
      roleArn?: string;
      externalId?: string;
      profile?: string;
      endpointUrl?: string;
      region?: string;
      actorId: string;
      sessionId: string;
      text: string;
      role: 'USER' | 'ASSISTANT' | 'TOOL' | 'OTHER';
      output: 'text' | 'json';
    }>();
    // The old --json is an alias of --output: not an option of its own.
    // @ts-expect-error aliases are folded into their target
    const alias = (o: OptionsOf<'memory create-event'>) => o.json;
    expect(alias).toBeTypeOf('function');
    expectTypeOf<OptionsOf<'lint'>['file']>().toEqualTypeOf<string[]>();
    expectTypeOf<OptionsOf<'memory import'>['file']>().toEqualTypeOf<string>();
  });

  it('a renamed flag no longer compiles where the old name is read', () => {
    const declared = {
      description: 'retrieve',
      options: { 'top-k': { type: 'number', arg: 'n', desc: 'how many' } },
    } as const;
    const renamed = {
      description: 'retrieve',
      options: { 'max-results': { type: 'number', arg: 'n', desc: 'how many' } },
    } as const;
    const read = (o: OptionsOfSpec<typeof declared>) => o.topK;
    // @ts-expect-error --top-k was renamed --max-results: `topK` is gone
    const stale = (o: OptionsOfSpec<typeof renamed>) => o.topK;
    const fresh = (o: OptionsOfSpec<typeof renamed>) => o.maxResults;
    expect([read, stale, fresh]).toHaveLength(3);
    // And in the real declaration: retrieve has no such flag.
    // @ts-expect-error not a flag of memory retrieve
    const none = (o: OptionsOf<'memory retrieve'>) => o.maxResults;
    expect(none).toBeTypeOf('function');
  });

  it('every declared command needs a handler', () => {
    const all: Handlers = handlers({} as never);
    const { demo: _dropped, ...rest } = all;
    // @ts-expect-error demo is declared, so the table needs its handler
    const missing: Handlers = rest;
    expect(Object.keys(missing)).not.toContain('demo');
  });
});
