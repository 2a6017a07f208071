/**
 * The emulator's route table: one row per operation, matched by signing service, method and path
 * (REST-JSON) or by Action (AWS Query), never by row order.
 */
import { describe, expect, it } from 'vitest';
import { type Route, RouteTable } from '../../../src/testing/route-table.js';
import { ROUTES } from '../../../src/testing/routes.js';

const handler: Route['handler'] = () => ({ status: 200 });
const row = (
  method: string,
  path: string,
  operation: string,
  service: Route['service'] = 'bedrock-agentcore',
): Route => ({
  service,
  method,
  path,
  operation,
  maxBodyBytes: 1024,
  handler,
});

const table = new RouteTable([
  row('GET', '/harnesses/{harnessId}', 'GetHarness'),
  row('POST', '/harnesses/invoke', 'InvokeHarness'),
  row('POST', '/runtimes/', 'ListAgentRuntimes'),
  row('POST', '/runtimes/{agentRuntimeArn}/invocations', 'InvokeAgentRuntime'),
  row('GET', '/files/{key+}', 'GetFile'),
  row('POST', '/', 'AssumeRole', 'sts'),
]);

describe('RouteTable.matchPath', () => {
  const rows: Array<[string, string, string, string | undefined, Record<string, string>?]> = [
    [
      'a label, decoded',
      'POST',
      `/runtimes/${encodeURIComponent('arn:aws:x/y')}/invocations`,
      'InvokeAgentRuntime',
      { agentRuntimeArn: 'arn:aws:x/y' },
    ],
    ['a literal beats a label', 'POST', '/harnesses/invoke', 'InvokeHarness', {}],
    ['the label where no literal fits', 'GET', '/harnesses/h-1', 'GetHarness', { harnessId: 'h-1' }],
    ['a trailing slash is its own segment', 'POST', '/runtimes/', 'ListAgentRuntimes', {}],
    ['without the trailing slash: no row', 'POST', '/runtimes', undefined],
    ['an empty label: no row', 'POST', '/runtimes//invocations', undefined],
    ['a malformed escape: no row', 'POST', '/runtimes/%E0%A4%A/invocations', undefined],
    ['the method matters', 'GET', '/runtimes/x/invocations', undefined],
    ['a greedy label takes the rest', 'GET', '/files/a/b%20c', 'GetFile', { key: 'a/b c' }],
    ['a greedy label needs a segment', 'GET', '/files/', undefined],
    ['a lower-case method', 'post', '/harnesses/invoke', 'InvokeHarness', {}],
    ['another service: no row', 'POST', '/harnesses/invoke', undefined],
  ];
  it.each(rows)('%s', (name, method, path, operation, params) => {
    const service = name.startsWith('another service') ? 'sts' : 'bedrock-agentcore';
    const match = table.matchPath(service, method, path);
    expect(match?.route.operation).toBe(operation);
    if (params !== undefined) expect(Object.fromEntries(match?.params ?? [])).toEqual(params);
  });

  it('keeps prototype names as plain values', () => {
    const match = table.matchPath('bedrock-agentcore', 'GET', '/harnesses/__proto__');
    expect(match?.params.get('harnessId')).toBe('__proto__');
    expect(
      table.matchPath('bedrock-agentcore', 'GET', '/harnesses/h')?.params.get('constructor'),
    ).toBeUndefined();
  });
});

describe('RouteTable.matchAction', () => {
  it('matches an AWS Query row by its Action, not by path', () => {
    expect(table.matchAction('sts', 'AssumeRole')?.operation).toBe('AssumeRole');
    expect(table.matchAction('sts', 'GetSessionToken')).toBeUndefined();
    expect(table.maxQueryBody('sts')).toBe(1024);
  });
});

describe('RouteTable construction', () => {
  it('refuses two rows that could match the same request', () => {
    expect(() => new RouteTable([row('GET', '/a/{x}', 'One'), row('GET', '/a/{y}', 'Two')])).toThrow(
      /Two routes match/,
    );
    expect(
      () => new RouteTable([row('POST', '/', 'AssumeRole', 'sts'), row('POST', '/', 'AssumeRole', 'sts')]),
    ).toThrow(/Two routes/);
  });

  it('refuses a greedy label before the last segment', () => {
    expect(() => new RouteTable([row('GET', '/{x+}/y', 'Bad')])).toThrow(/greedy/);
  });

  it('compiles the emulator table: one row per operation and method', () => {
    // A gateway's MCP endpoint takes POST, GET and DELETE: one operation (InvokeGateway), three rows.
    const operations = ROUTES.map((r) => `${r.service} ${r.operation} ${r.method}`);
    expect(new Set(operations).size).toBe(operations.length);
    const multi = ROUTES.filter((r) => ROUTES.filter((o) => o.operation === r.operation).length > 1);
    expect(new Set(multi.map((r) => r.operation))).toEqual(new Set(['InvokeGateway']));
  });
});
