/**
 * Reading untrusted request JSON the way the AgentCore front end does: each violation becomes a
 * 400 ValidationException worded like AWS's ("1 validation error detected: Value 'x' at 'actorId'
 * failed to satisfy constraint: Member must …"), with `reason` and `fieldList` as modelled.
 * @internal
 */
import { EmulatorHttpError } from '../http-error.js';
import type { StringRule } from './limits.js';

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

/** Why a ValidationException was raised (the modelled `ValidationExceptionReason`). */
export type ValidationReason =
  | 'CannotParse'
  | 'FieldValidationFailed'
  | 'IdempotentParameterMismatchException'
  | 'EventInOtherSession'
  | 'ResourceConflict';

/** A 400 ValidationException with the modelled `reason`. */
export function validationException(
  message: string,
  reason: ValidationReason = 'FieldValidationFailed',
  fieldList?: Array<{ name: string; message: string }>,
): EmulatorHttpError {
  return new EmulatorHttpError(400, 'ValidationException', message, {
    reason,
    ...(fieldList === undefined ? {} : { fieldList }),
  });
}

/** A ValidationException for one member that breaks one constraint. */
export function fieldError(
  path: string,
  value: unknown,
  constraint: string,
  sensitive = false,
): EmulatorHttpError {
  const message = `1 validation error detected: Value ${shown(value, sensitive)} at '${path}' failed to satisfy constraint: ${constraint}`;
  return validationException(message, 'FieldValidationFailed', [{ name: path, message: constraint }]);
}

function shown(value: unknown, sensitive: boolean): string {
  if (value === undefined || value === null) return 'null';
  if (sensitive) return "'*** Sensitive Data Redacted ***'";
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 100 ? `${text.slice(0, 100)}…` : text}'`;
}

/** `base.key`, or `key` at the top level. */
export function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** Path of the `index`-th (0-based) member of a list, as AWS numbers them (1-based). */
export function memberPath(listPath: string, index: number): string {
  return `${listPath}.${index + 1}.member`;
}

/** The request body as an object; an absent body reads as `{}`. */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw validationException('The request body must be a JSON object.', 'CannotParse');
  return body;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a string value against a rule. */
export function checkString(value: unknown, path: string, rule: StringRule): string {
  if (value === undefined || value === null) throw fieldError(path, value, 'Member must not be null');
  if (typeof value !== 'string') throw fieldError(path, value, 'Member must be a string', rule.sensitive);
  if (rule.min !== undefined && value.length < rule.min) {
    throw fieldError(
      path,
      value,
      `Member must have length greater than or equal to ${rule.min}`,
      rule.sensitive,
    );
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw fieldError(
      path,
      value,
      `Member must have length less than or equal to ${rule.max}`,
      rule.sensitive,
    );
  }
  // Length is bounded before any pattern runs, so no pattern sees hostile-length input.
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw fieldError(
      path,
      value,
      `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
      rule.sensitive,
    );
  }
  if (rule.values !== undefined && !rule.values.includes(value)) {
    throw fieldError(path, value, `Member must satisfy enum value set: [${rule.values.join(', ')}]`);
  }
  return value;
}

/** A required string member. */
export function reqString(obj: JsonObject, key: string, base: string, rule: StringRule): string {
  return checkString(obj[key], join(base, key), rule);
}

/** An optional string member. */
export function optString(obj: JsonObject, key: string, base: string, rule: StringRule): string | undefined {
  const value = obj[key];
  return value === undefined || value === null ? undefined : checkString(value, join(base, key), rule);
}

/** An optional object member. */
export function optObject(obj: JsonObject, key: string, base: string): JsonObject | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw fieldError(join(base, key), value, 'Member must be a structure');
  return value;
}

/** A required object member. */
export function reqObject(obj: JsonObject, key: string, base: string): JsonObject {
  const value = optObject(obj, key, base);
  if (value === undefined) throw fieldError(join(base, key), undefined, 'Member must not be null');
  return value;
}

/** An optional list member with a size range. */
export function optList(
  obj: JsonObject,
  key: string,
  base: string,
  size: { min?: number; max?: number },
): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const path = join(base, key);
  if (!Array.isArray(value)) throw fieldError(path, value, 'Member must be a list');
  if (size.min !== undefined && value.length < size.min) {
    throw fieldError(path, value, `Member must have length greater than or equal to ${size.min}`);
  }
  if (size.max !== undefined && value.length > size.max) {
    throw fieldError(path, value, `Member must have length less than or equal to ${size.max}`);
  }
  return value;
}

/** A required list member with a size range. */
export function reqList(
  obj: JsonObject,
  key: string,
  base: string,
  size: { min?: number; max?: number },
): unknown[] {
  const value = optList(obj, key, base, size);
  if (value === undefined) throw fieldError(join(base, key), undefined, 'Member must not be null');
  return value;
}

/** An optional integer member within a range. */
export function optInt(
  obj: JsonObject,
  key: string,
  base: string,
  range: { min: number; max: number },
): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  const path = join(base, key);
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw fieldError(path, value, 'Member must be an integer');
  if (value < range.min)
    throw fieldError(path, value, `Member must have value greater than or equal to ${range.min}`);
  if (value > range.max)
    throw fieldError(path, value, `Member must have value less than or equal to ${range.max}`);
  return value;
}

/** An optional boolean member. */
export function optBool(obj: JsonObject, key: string, base: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw fieldError(join(base, key), value, 'Member must be a boolean');
  return value;
}

/**
 * A timestamp member as REST-JSON sends it (epoch seconds, fractional), returned in epoch
 * milliseconds.
 */
export function checkTimestamp(value: unknown, path: string): number {
  if (value === undefined || value === null) throw fieldError(path, value, 'Member must not be null');
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    throw fieldError(path, value, 'Member must be a timestamp in epoch seconds');
  }
  return Math.round(seconds * 1000);
}

/** A required timestamp member, in epoch milliseconds. */
export function reqTimestamp(obj: JsonObject, key: string, base: string): number {
  return checkTimestamp(obj[key], join(base, key));
}

/**
 * A tagged union member (`{ conversational: … }`): exactly one of `members` must be set.
 * @returns the name of the member set.
 */
export function unionMember<K extends string>(value: unknown, path: string, members: readonly K[]): K {
  if (!isObject(value)) throw fieldError(path, value, 'Member must be a structure');
  const set = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  const [member] = set.filter((k): k is K => (members as readonly string[]).includes(k));
  if (set.length !== 1 || member === undefined) {
    throw fieldError(path, value, `Member must set exactly one of [${members.join(', ')}]`);
  }
  return member;
}
