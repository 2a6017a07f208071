import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../src/policy/statement/caller.js';
import { parseCaller } from '../../../../src/policy/statement/caller.js';
import {
  ACCOUNT,
  DIRECT,
  notPrincipalExcludes as excludes,
  NONE,
  ROLE,
  principalStrength as strength,
} from '../../../../src/policy/statement/principal.js';
import { readPrincipal } from '../../../../src/policy/statement/read.js';
import type { PrincipalElement } from '../../../../src/policy/types.js';

/** The matcher reads principals through the statement reader. */
function principalStrength(element: PrincipalElement, caller: Caller) {
  return strength(readPrincipal(element), caller);
}
function notPrincipalExcludes(element: PrincipalElement, caller: Caller) {
  return excludes(readPrincipal(element, true), caller);
}

const SESSION = 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1';
const ROLE_ARN = 'arn:aws:iam::222222222222:role/the-caller-role';
const USER = 'arn:aws:iam::222222222222:user/alice';
const ROOT = 'arn:aws:iam::222222222222:root';
const FEDERATED = 'arn:aws:sts::222222222222:federated-user/bob';
const SERVICE = 'bedrock-agentcore.amazonaws.com';

// [scenario, caller, Principal element, strength]
const ROWS: Array<[string, string, PrincipalElement, number]> = [
  ['"*" names everyone', SESSION, '*', DIRECT],
  ['{"AWS": "*"} names everyone', SESSION, { AWS: '*' }, DIRECT],
  ['"*" names a service too', SERVICE, '*', DIRECT],
  ['an account id names the session', SESSION, { AWS: '222222222222' }, ACCOUNT],
  ['the account root ARN names the session', SESSION, { AWS: ROOT }, ACCOUNT],
  ['another account names nobody here', SESSION, { AWS: '111111111111' }, NONE],
  ['the role ARN names its session', SESSION, { AWS: ROLE_ARN }, ROLE],
  // The session ARN does not carry the path: "/" is assumed, as for aws:PrincipalArn.
  [
    'a role ARN with another path does not name the session',
    SESSION,
    { AWS: 'arn:aws:iam::222222222222:role/app/the-caller-role' },
    NONE,
  ],
  // "Role names are case sensitive" (IAM User Guide, troubleshooting IAM roles).
  ['role names are case sensitive', SESSION, { AWS: 'arn:aws:iam::222222222222:role/The-Caller-Role' }, NONE],
  ['a role ARN names the role itself', ROLE_ARN, { AWS: ROLE_ARN }, ROLE],
  [
    'a role ARN with another path names another role',
    ROLE_ARN,
    { AWS: 'arn:aws:iam::222222222222:role/app/the-caller-role' },
    NONE,
  ],
  ['"*" names an anonymous caller', '*', '*', DIRECT],
  ['an account names no anonymous caller', '*', { AWS: '222222222222' }, NONE],
  ['another role of the account', SESSION, { AWS: 'arn:aws:iam::222222222222:role/other' }, NONE],
  [
    'the same role name in another account',
    SESSION,
    { AWS: 'arn:aws:iam::333333333333:role/the-caller-role' },
    NONE,
  ],
  ['the session ARN names that session', SESSION, { AWS: SESSION }, DIRECT],
  [
    'another session of the role',
    SESSION,
    { AWS: 'arn:aws:sts::222222222222:assumed-role/the-caller-role/s2' },
    NONE,
  ],
  ['a wildcard inside an ARN names nobody', SESSION, { AWS: 'arn:aws:iam::222222222222:role/*' }, NONE],
  ['the strongest entry wins', SESSION, { AWS: [ROOT, ROLE_ARN, SESSION] }, DIRECT],
  ['a user ARN names the user', USER, { AWS: USER }, DIRECT],
  ['a user ARN does not name a role session', SESSION, { AWS: USER }, NONE],
  ['the root ARN names the root user', ROOT, { AWS: ROOT }, ACCOUNT],
  ['a federated user session', FEDERATED, { AWS: FEDERATED }, DIRECT],
  ['a role ARN given as caller', ROLE_ARN, { AWS: ROLE_ARN }, ROLE],
  ['a service principal', SERVICE, { Service: SERVICE }, DIRECT],
  ['a service principal in a list', SERVICE, { Service: ['lambda.amazonaws.com', SERVICE] }, DIRECT],
  ['a service does not match an account', SERVICE, { AWS: '222222222222' }, NONE],
  ['an IAM caller does not match a Service principal', SESSION, { Service: SERVICE }, NONE],
  ['another partition', SESSION, { AWS: 'arn:aws-cn:iam::222222222222:root' }, NONE],
];

describe('principalStrength', () => {
  it.each(ROWS)('%s', (_name, caller, element, strength) => {
    expect(principalStrength(element, parseCaller(caller))).toBe(strength);
  });
});

// [scenario, caller, NotPrincipal element, caller left out]
const NOT_ROWS: Array<[string, string, PrincipalElement, boolean]> = [
  ['session, role and account listed', SESSION, { AWS: [SESSION, ROLE_ARN, ROOT] }, true],
  ['session only', SESSION, { AWS: [SESSION] }, false],
  ['role and account, not the session', SESSION, { AWS: [ROLE_ARN, ROOT] }, false],
  ['account only', SESSION, { AWS: ['222222222222'] }, false],
  ['user and account', USER, { AWS: [USER, ROOT] }, true],
  ['user only', USER, { AWS: [USER] }, false],
  ['the root user: its account', ROOT, { AWS: ['222222222222'] }, true],
  ['"*" leaves everyone out', SESSION, '*', true],
  ['another principal', SESSION, { AWS: ['arn:aws:iam::111111111111:root'] }, false],
  ['a service', SERVICE, { Service: SERVICE }, true],
];

describe('notPrincipalExcludes', () => {
  it.each(NOT_ROWS)('%s', (_name, caller, element, excluded) => {
    expect(notPrincipalExcludes(element, parseCaller(caller))).toBe(excluded);
  });
});
