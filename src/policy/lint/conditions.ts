/**
 * Condition operators: which exist, and what a condition evaluates to when its key is absent
 * from the request (the case of aws:SourceAccount on a direct call by an IAM principal).
 * @internal
 */
import { parseOperator } from '../statement/conditions.js';

/**
 * What a condition evaluates to when its key is absent from the request context: false for a
 * positive operator, true for a negated one or `…IfExists` (FACTS.md, Authorization), true for
 * `ForAllValues` (a test over an empty set), false for `ForAnyValue`; for `Null`, what its
 * value asks. `undefined` when the operator is unknown or the `Null` value unclear.
 * @internal
 */
export function resultWhenKeyAbsent(operator: string, values: readonly unknown[]): boolean | undefined {
  const parsed = parseOperator(operator);
  if (parsed === undefined) return undefined;
  if (parsed.base === 'Null') {
    // Only a string or boolean can say true or false (an object may even carry its own toString).
    const wants = values.map((v) =>
      typeof v === 'string' || typeof v === 'boolean' ? String(v).toLowerCase() : '',
    );
    if (wants.length > 0 && wants.every((v) => v === 'true')) return true;
    if (wants.length > 0 && wants.every((v) => v === 'false')) return false;
    return undefined;
  }
  if (parsed.ifExists) return true;
  if (parsed.set === 'ForAllValues') return true;
  if (parsed.set === 'ForAnyValue') return false;
  return parsed.negated;
}

/** How narrowly the conditions of a statement pin down who may call. @internal */
export type Restriction = 'principal' | 'account' | 'org' | 'other';

const RESTRICTING_KEYS = new Map<string, Restriction>([
  ['aws:principalarn', 'principal'],
  ['aws:userid', 'principal'],
  ['aws:principalaccount', 'account'],
  ['aws:principalorgid', 'org'],
  ['aws:principalorgpaths', 'org'],
  ['aws:sourceaccount', 'other'],
  ['aws:sourcearn', 'other'],
  ['aws:sourceorgid', 'other'],
  ['aws:sourceorgpaths', 'other'],
  ['aws:sourcevpc', 'other'],
  ['aws:sourcevpce', 'other'],
  ['aws:sourceip', 'other'],
  ['aws:principalservicename', 'other'],
]);
const STRENGTH: readonly Restriction[] = ['other', 'org', 'account', 'principal'];

/**
 * The narrowest restriction the statement's conditions put on the caller, counting only
 * conditions that fail when their key is absent (a negated or `…IfExists` test restricts
 * nothing); `undefined` when none does.
 * @internal
 */
export function restrictionOf(
  conditions: ReadonlyArray<{ operator: string; key: string; values: readonly unknown[] }>,
): Restriction | undefined {
  let best: Restriction | undefined;
  for (const { operator, key, values } of conditions) {
    let restriction = RESTRICTING_KEYS.get(key.toLowerCase());
    if (restriction === undefined || resultWhenKeyAbsent(operator, values) !== false) continue;
    if (restriction === 'principal' && values.some((v) => typeof v !== 'string' || /[*?]/.test(v))) {
      restriction = 'other';
    }
    if (best === undefined || STRENGTH.indexOf(restriction) > STRENGTH.indexOf(best)) best = restriction;
  }
  return best;
}
