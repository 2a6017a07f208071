/**
 * Reading policy documents: from a JSON string or a value, into the typed shape, with a typed
 * error for anything that is not a policy at all.
 * @module
 */
import { PolicyParseError } from '../errors.js';
import { plain } from '../input.js';
import type { OneOrMany, PolicyDocument, Statement } from './types.js';

/** Largest document `parsePolicyDocument` reads; AgentCore accepts up to 20,480 characters. */
export const MAX_PARSE_LENGTH = 2 * 1024 * 1024;

/**
 * Reads a policy document from a JSON string or an already parsed value.
 *
 * Checks only what every later step relies on: an object whose `Statement` is an object or an
 * array of objects. Everything else (unknown keys, wrong element types, bad operators) is left
 * to {@link lintPolicy}, which reports it as findings.
 *
 * @throws {@link PolicyParseError} when the input is not JSON, not an object, has no
 *   `Statement`, or is larger than 2 MiB.
 *
 * @example
 * ```ts
 * import { parsePolicyDocument } from 'agentcore-xacct/policy';
 * const doc = parsePolicyDocument(await readFile('runtime-policy.json', 'utf8'));
 * ```
 */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  let value: unknown;
  try {
    value = plain(input, 'document');
  } catch (error) {
    throw new PolicyParseError('', `Policy document could not be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof value === 'string') {
    const input = value;
    if (input.length > MAX_PARSE_LENGTH) {
      throw new PolicyParseError(
        '',
        `Policy document is ${input.length} characters; at most ${MAX_PARSE_LENGTH} are read (AgentCore accepts 20,480).`,
      );
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new PolicyParseError('', `Policy document is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyParseError('', 'Policy document must be a JSON object with a "Statement" element.');
  }
  const statement = (value as { Statement?: unknown }).Statement;
  if (statement === undefined) {
    throw new PolicyParseError('/Statement', 'Policy document has no "Statement" element.');
  }
  const list = Array.isArray(statement) ? statement : [statement];
  list.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      const path = Array.isArray(statement) ? `/Statement/${i}` : '/Statement';
      throw new PolicyParseError(path, `Statement ${i} must be a JSON object.`);
    }
  });
  return value as PolicyDocument;
}

/**
 * The statements of a document as an array (IAM allows a single statement object too).
 *
 * @example
 * ```ts
 * import { statementsOf } from 'agentcore-xacct/policy';
 * for (const statement of statementsOf(document)) console.log(statement.Sid);
 * ```
 */
export function statementsOf(document: PolicyDocument): readonly Statement[] {
  let s: unknown;
  try {
    s = typeof document === 'object' && document !== null ? document.Statement : undefined;
    if (Array.isArray(s)) return s as readonly Statement[];
  } catch (error) {
    throw new PolicyParseError('/Statement', 'The policy document could not be read.', { cause: error });
  }
  if (typeof s !== 'object' || s === null) {
    throw new PolicyParseError(
      '/Statement',
      'statementsOf takes a policy document with a "Statement" element.',
    );
  }
  return [s as Statement];
}

/**
 * JSON pointer to statement `index`, matching how the document stores its statements.
 * @internal
 */
export function statementPath(document: PolicyDocument, index: number): string {
  return Array.isArray(document.Statement) ? `/Statement/${index}` : '/Statement';
}

/**
 * A one-or-many element as an array.
 * @internal
 */
export function asArray<T>(value: OneOrMany<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}
