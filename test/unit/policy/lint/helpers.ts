import type { Finding, PolicyDocument } from '../../../../src/policy/types.js';

/** Resolves an RFC 6901 pointer in a JSON value; `undefined` when nothing is there. */
export function resolvePointer(document: unknown, path: string): unknown {
  if (path === '') return document;
  let node: unknown = typeof document === 'string' ? JSON.parse(document) : document;
  for (const raw of path.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** `code@path` of each finding, for compact assertions. */
export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code}@${f.path}`);
}

export function errors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

/** A one-statement Allow document; with `principal`, a resource policy naming it. */
export function allow(
  action: string | string[],
  resource: string | string[],
  principal?: string,
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        ...(principal === undefined ? {} : { Principal: { AWS: principal } }),
        Action: action,
        Resource: resource,
      },
    ],
  };
}
