import { isObject, own, pointer } from '../../statement/read.js';
import type { Finding } from '../../types.js';
import { quote, report } from '../finding.js';
import type { JsonObject } from '../read.js';
import type { LintContext, LintPolicyKind, LintRule, StatementView } from '../types.js';

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
// `service:action`, the action part possibly a pattern; or `*` alone.
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?-]+$/;

type Problem = (path: string, message: string, fix: string) => void;

/**
 * Shapes IAM refuses: wrong types, unknown elements, missing or forbidden elements for the
 * kind of policy. Every other rule skips what this one reports.
 * @internal
 */
export const invalidPolicyRule: LintRule = {
  name: 'invalid-policy',
  codes: ['invalid-policy'],
  kinds: ['resource', 'identity', 'trust'],
  check(context: LintContext): Finding[] {
    const findings: Finding[] = [];
    const documentProblem: Problem = (path, message, fix) =>
      findings.push(report(undefined, 'invalid-policy', 'error', path, message, fix));
    checkDocument(context.document, documentProblem);
    for (const statement of context.statements) {
      const problem: Problem = (path, message, fix) =>
        findings.push(report(statement, 'invalid-policy', 'error', path, message, fix));
      checkStatement(statement, context.kind, problem);
    }
    return findings;
  },
};

function checkDocument(document: JsonObject, problem: Problem): void {
  for (const key of Object.keys(document)) {
    if (!DOCUMENT_KEYS.has(key)) {
      problem(
        pointer('', key),
        `Unknown policy element ${quote(key)}.`,
        'A policy has only Version, Id and Statement: remove it.',
      );
    }
  }
  const version = own(document, 'Version');
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    problem(
      '/Version',
      `Version ${quote(version)} is not a policy language version.`,
      'Use "Version": "2012-10-17".',
    );
  }
  const id = own(document, 'Id');
  if (id !== undefined && typeof id !== 'string') {
    problem('/Id', 'Id must be a string.', 'Make Id a string, or remove it.');
  }
  const statement = own(document, 'Statement');
  if (Array.isArray(statement) && statement.length === 0) {
    problem(
      '/Statement',
      'Statement is an empty array: the policy grants and denies nothing.',
      'Add at least one statement.',
    );
  }
  if (Array.isArray(statement)) {
    statement.forEach((item, i) => {
      if (!isObject(item))
        problem(
          pointer('/Statement', i),
          `Statement ${i} is not an object.`,
          'Make every statement a JSON object.',
        );
    });
  }
}

function checkStatement(statement: StatementView, kind: LintPolicyKind, problem: Problem): void {
  const { raw, path } = statement;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) {
      problem(
        pointer(path, key),
        `Unknown statement element ${quote(key)}.`,
        `Use only ${[...STATEMENT_KEYS].join(', ')} (names are case-sensitive).`,
      );
    }
  }
  const sid = own(raw, 'Sid');
  if (sid !== undefined && typeof sid !== 'string') {
    problem(pointer(path, 'Sid'), 'Sid must be a string.', 'Make Sid a string, or remove it.');
  }
  if (statement.effect === undefined) {
    const effect = own(raw, 'Effect');
    problem(
      effect === undefined ? path : pointer(path, 'Effect'),
      effect === undefined
        ? 'The statement has no Effect.'
        : `Effect ${quote(effect)} is neither "Allow" nor "Deny".`,
      'Set "Effect" to "Allow" or "Deny" (case-sensitive).',
    );
  }
  checkPair(raw, path, 'Action', 'NotAction', true, problem);
  checkActions(raw, path, problem);
  checkResourceElements(raw, path, kind, problem);
  checkPrincipalElements(raw, path, kind, problem);
  checkCondition(raw, path, problem);
}

/** One of `key`/`Not…key` must be present (when `required`), never both. */
function checkPair(
  raw: JsonObject,
  path: string,
  key: string,
  notKey: string,
  required: boolean,
  problem: Problem,
): void {
  const has = Object.hasOwn(raw, key);
  const hasNot = Object.hasOwn(raw, notKey);
  if (has && hasNot) {
    problem(path, `The statement has both ${key} and ${notKey}.`, `Keep one of ${key} and ${notKey}.`);
  } else if (required && !has && !hasNot) {
    problem(
      path,
      `The statement has neither ${key} nor ${notKey}.`,
      `Add ${key} naming what the statement applies to.`,
    );
  }
}

/** A string or a non-empty array of strings. */
function checkStringList(raw: JsonObject, path: string, key: string, problem: Problem): void {
  if (!Object.hasOwn(raw, key)) return;
  const value = raw[key];
  const at = pointer(path, key);
  if (typeof value === 'string') return;
  if (!Array.isArray(value)) {
    problem(
      at,
      `${key} must be a string or an array of strings, not ${typeName(value)}.`,
      `Write ${key} as a string or an array of strings.`,
    );
    return;
  }
  if (value.length === 0)
    problem(at, `${key} is an empty array.`, `List at least one value in ${key}, or remove the statement.`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') {
      problem(
        pointer(at, i),
        `${key} entry ${i} is ${typeName(item)}, not a string.`,
        `Write every ${key} entry as a string.`,
      );
    }
  });
}

function checkActions(raw: JsonObject, path: string, problem: Problem): void {
  for (const key of ['Action', 'NotAction']) {
    checkStringList(raw, path, key, problem);
    const value = own(raw, key);
    const entries = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    entries.forEach((item, i) => {
      if (typeof item === 'string' && item !== '*' && !ACTION.test(item)) {
        problem(
          typeof value === 'string' ? pointer(path, key) : pointer(path, key, i),
          `${key} ${quote(item)} is not of the form service:Action.`,
          'Write actions as "bedrock-agentcore:InvokeAgentRuntime" (service prefix, colon, action name or pattern).',
        );
      }
    });
  }
}

function checkResourceElements(raw: JsonObject, path: string, kind: LintPolicyKind, problem: Problem): void {
  checkStringList(raw, path, 'Resource', problem);
  checkStringList(raw, path, 'NotResource', problem);
  if (kind === 'trust') {
    for (const key of ['Resource', 'NotResource']) {
      if (Object.hasOwn(raw, key)) {
        problem(
          pointer(path, key),
          `A trust policy has no ${key}: the role it is attached to is the resource.`,
          `Remove ${key}.`,
        );
      }
    }
    return;
  }
  checkPair(raw, path, 'Resource', 'NotResource', true, problem);
}

function checkPrincipalElements(raw: JsonObject, path: string, kind: LintPolicyKind, problem: Problem): void {
  if (kind === 'identity') {
    for (const key of ['Principal', 'NotPrincipal']) {
      if (Object.hasOwn(raw, key)) {
        problem(
          pointer(path, key),
          `An identity policy must not specify ${key}: it applies to the role or user it is attached to.`,
          `Remove ${key}; to grant another account, attach a resource policy to the resource instead.`,
        );
      }
    }
    return;
  }
  checkPair(raw, path, 'Principal', 'NotPrincipal', true, problem);
  for (const key of ['Principal', 'NotPrincipal']) {
    if (Object.hasOwn(raw, key)) checkPrincipal(raw[key], pointer(path, key), key, problem);
  }
}

function checkPrincipal(value: unknown, at: string, key: string, problem: Problem): void {
  if (value === '*') return;
  if (!isObject(value)) {
    problem(
      at,
      `${key} must be "*" or an object such as {"AWS": […]}, not ${quote(value)}.`,
      `Write ${key} as {"AWS": "arn:aws:iam::ACCOUNT:role/NAME"}.`,
    );
    return;
  }
  const keys = Object.keys(value);
  if (keys.length === 0)
    problem(
      at,
      `${key} is an empty object: it names no principal.`,
      'Name at least one principal under "AWS" or "Service".',
    );
  for (const type of keys) {
    const typeAt = pointer(at, type);
    if (!PRINCIPAL_KEYS.has(type)) {
      problem(
        typeAt,
        `Unknown principal type ${quote(type)}.`,
        'Use AWS, Service, Federated or CanonicalUser (case-sensitive).',
      );
      continue;
    }
    checkStringList(value, at, type, problem);
    const list = value[type];
    const entries = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
    entries.forEach((item, i) => {
      // IAM accepts "*" alone, never a wildcard inside a principal ARN.
      if (type === 'AWS' && typeof item === 'string' && item !== '*' && /[*?]/.test(item)) {
        problem(
          typeof list === 'string' ? typeAt : pointer(typeAt, i),
          `Principal ${quote(item)} holds a wildcard: a principal ARN names one principal.`,
          'Name the exact role or account, or use "*" with an aws:PrincipalOrgID or aws:PrincipalArn condition.',
        );
      }
    });
  }
}

function checkCondition(raw: JsonObject, path: string, problem: Problem): void {
  if (!Object.hasOwn(raw, 'Condition')) return;
  const condition = raw.Condition;
  const at = pointer(path, 'Condition');
  if (!isObject(condition)) {
    problem(
      at,
      `Condition must be an object of operators, not ${typeName(condition)}.`,
      'Write {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}.',
    );
    return;
  }
  for (const operator of Object.keys(condition)) {
    const block = condition[operator];
    const operatorAt = pointer(at, operator);
    if (!isObject(block)) {
      problem(
        operatorAt,
        `Condition operator ${quote(operator)} must map to an object of keys, not ${typeName(block)}.`,
        `Write {"${operator}": {"KEY": "VALUE"}}.`,
      );
      continue;
    }
    for (const key of Object.keys(block)) {
      const value = block[key];
      const values = Array.isArray(value) ? value : [value];
      if (
        values.length === 0 ||
        values.some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      ) {
        problem(
          pointer(operatorAt, key),
          `Condition value of ${quote(key)} must be a string, number or boolean, or a non-empty array of them.`,
          'Write the value as "…" or ["…", "…"].',
        );
      }
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
