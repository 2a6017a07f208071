/**
 * The policies a request is judged against, read from the files the `POLICY_FILES` options of
 * ./spec.ts name (explain, diagnose).
 * @internal
 */
import type { AccessPolicies, PolicyDocument } from '../policy/index.js';
import { CliError } from './fail.js';
import { readJson } from './read.js';

/** The `POLICY_FILES` options, parsed. @internal */
export interface PolicyFileOptions {
  identity?: string[];
  resourcePolicy?: string[];
  scp?: string[];
  sessionPolicy?: string;
  permissionsBoundary?: string;
}

/** Splits `LEFT=RIGHT` at the first `=`: ARNs and keys hold none, file names and values may. @internal */
export function pair(value: string, option: string, shape: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1)
    throw new CliError(`${option} ${JSON.stringify(value)} is not ${shape}`, `Write ${option} ${shape}.`);
  return [value.slice(0, at), value.slice(at + 1)];
}

function document(file: string): PolicyDocument {
  return readJson(file) as PolicyDocument;
}

/** True when any policy file is given. @internal */
export function hasPolicyFiles(o: PolicyFileOptions): boolean {
  return (
    o.identity !== undefined ||
    o.resourcePolicy !== undefined ||
    o.scp !== undefined ||
    o.sessionPolicy !== undefined ||
    o.permissionsBoundary !== undefined
  );
}

/**
 * The policies the files give, in `explainAccess`'s shape; without `--identity`, `identity` is
 * `[]` or, when `identityUnknown`, left out (the caller's identity policies are then unknown).
 * @internal
 */
export function readPolicyFiles(
  o: PolicyFileOptions,
  identityUnknown = false,
): Omit<AccessPolicies, 'identity'> & { identity?: AccessPolicies['identity'] } {
  const resource: Record<string, PolicyDocument> = {};
  for (const entry of o.resourcePolicy ?? []) {
    const [arn, file] = pair(entry, '--resource-policy', 'ARN=FILE');
    resource[arn] = document(file);
  }
  const policies: Omit<AccessPolicies, 'identity'> & { identity?: AccessPolicies['identity'] } = { resource };
  if (o.identity !== undefined || !identityUnknown) policies.identity = (o.identity ?? []).map(document);
  if (o.scp !== undefined) policies.scp = o.scp.map(document);
  if (o.sessionPolicy !== undefined) policies.sessionPolicy = document(o.sessionPolicy);
  if (o.permissionsBoundary !== undefined) policies.permissionsBoundary = document(o.permissionsBoundary);
  return policies;
}
