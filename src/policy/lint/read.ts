/**
 * Reading a document of unknown shape into plain JSON data and statement views (the shared
 * statement model), without throwing: anything unreadable becomes one `invalid-policy` finding.
 * @internal
 */
import { isPolicyParseError } from '../../errors.js';
import { parsePolicyDocument } from '../document.js';
import { readPolicy } from '../statement/read.js';
import type { Finding } from '../types.js';
import type { LintContext, LintPolicyKind, StatementView } from './types.js';

/** A plain JSON object. @internal */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The outcome of {@link readDocument}. @internal */
export type ReadResult =
  | { readonly ok: true; readonly document: JsonObject; readonly size: number }
  | { readonly ok: false; readonly finding: Finding };

/**
 * Reads a JSON string or a value into plain JSON data, and measures it as it would be sent.
 * A value goes through `JSON.stringify`/`JSON.parse` so cycles, getters, `toJSON`, class
 * instances and `undefined` members behave exactly as when the document is sent to AWS.
 * @internal
 */
export function readDocument(input: unknown): ReadResult {
  let value: unknown = input;
  let text: string | undefined;
  if (typeof input !== 'string') {
    // Only here does foreign code run (getters, toJSON, proxies): what it throws is not trusted.
    try {
      text = JSON.stringify(input);
      if (text !== undefined) value = JSON.parse(text);
    } catch (error) {
      return unreadable('', `Policy document cannot be read as JSON data: ${describe(error)}.`);
    }
    if (text === undefined)
      return unreadable('', `Policy document is not a JSON value (got a ${typeof input}).`);
  }
  try {
    const document = parsePolicyDocument(value) as unknown as JsonObject;
    // A string is sent as given (whitespace counts); an object as compact JSON.
    return { ok: true, document, size: (text ?? (input as string)).length };
  } catch (error) {
    if (isPolicyParseError(error)) return unreadable(error.path, error.message);
    throw error;
  }
}

/** What went wrong, without trusting the thrown value (a hostile getter may throw anything). */
function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : 'a non-Error value was thrown';
  } catch {
    return 'an unreadable value was thrown';
  }
}

function unreadable(path: string, message: string): ReadResult {
  return {
    ok: false,
    finding: {
      code: 'invalid-policy',
      severity: 'error',
      message,
      path,
      fix: 'Write the policy as a JSON object {"Version": "2012-10-17", "Statement": [{…}]} whose Statement is an object or an array of objects.',
    },
  };
}

/** Builds the context the rules see: the document's statements through the one statement reader. @internal */
export function buildContext(
  document: JsonObject,
  size: number,
  options: {
    kind: LintPolicyKind;
    attachedTo: string | undefined;
    owners: readonly string[];
    origin: string | undefined;
  },
): LintContext {
  const statements: StatementView[] = readPolicy(document).statements.map((statement) => ({
    ...statement,
    origin: options.origin,
  }));
  return {
    kind: options.kind,
    document,
    statements,
    attachedTo: options.attachedTo,
    owners: options.owners,
    size,
  };
}
