import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runtimeArn } from '../../../../src/arn/index.js';
import { runtimeAccessPolicies } from '../../../../src/policy/build/index.js';
import type { PolicyDocument, Statement } from '../../../../src/policy/types.js';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const letters = alnum.slice(0, 52);
const chars = (set: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...set), minLength: min, maxLength: max });

const accountId = chars('0123456789', 12, 12);
const region = fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1');
const runtimeId = fc
  .tuple(chars(letters, 1, 1), chars(`${alnum}_`, 0, 20), chars(alnum, 10, 10))
  .map(([head, body, suffix]) => `${head}${body}-${suffix}`);
const qualifier = fc
  .tuple(chars(letters, 1, 1), chars(`${alnum}_`, 0, 47))
  .map(([head, rest]) => `${head}${rest}`);
const roleName = chars(`${alnum}+=,.@_-`, 1, 64);
const principal = fc.oneof(
  accountId,
  fc.tuple(accountId, roleName).map(([account, name]) => ({ account, kind: 'role', name })),
  fc.tuple(accountId, roleName).map(([account, name]) => ({ account, kind: 'user', name })),
  fc
    .tuple(accountId, roleName, chars(`${alnum}_=,.@-`, 2, 64))
    .map(([account, name, session]) => ({ account, kind: 'assumed-role', name: `${name}/${session}` })),
);

/** The statement without Resource, and the Resource. */
function split(document: PolicyDocument): [PolicyDocument, Statement['Resource']] {
  const [statement] = document.Statement as readonly Statement[];
  const { Resource, ...rest } = statement as Statement;
  return [{ ...document, Statement: [rest as Statement] }, Resource];
}

describe('runtimeAccessPolicies properties', () => {
  it('runtime and endpoint documents differ only in Resource, and each Resource is its resourceArn', () => {
    fc.assert(
      fc.property(
        region,
        accountId,
        runtimeId,
        fc.array(principal, { minLength: 1, maxLength: 5 }),
        fc.array(qualifier, { minLength: 1, maxLength: 4 }),
        (regionCode, owner, id, principals, qualifiers) => {
          const arn = runtimeArn({ region: regionCode, accountId: owner, runtimeId: id });
          const partition = arn.split(':')[1];
          const principalArns = principals.map((p) => {
            if (typeof p === 'string') return p;
            const service = p.kind === 'assumed-role' ? 'sts' : 'iam';
            return `arn:${partition}:${service}::${p.account}:${p.kind}/${p.name}`;
          });
          const { runtime, endpoints } = runtimeAccessPolicies({
            runtimeArn: arn,
            principals: principalArns,
            qualifiers,
          });
          const [runtimeBody, runtimeResource] = split(runtime.document);
          expect(runtime.resourceArn).toBe(arn);
          expect(runtimeResource).toBe(runtime.resourceArn);
          expect(endpoints.map((e) => e.resourceArn)).toStrictEqual(
            [...new Set(qualifiers)].map((q) => `${arn}/runtime-endpoint/${q}`),
          );
          for (const endpoint of endpoints) {
            const [body, resource] = split(endpoint.document);
            expect(resource).toBe(endpoint.resourceArn);
            expect(body).toStrictEqual(runtimeBody);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
