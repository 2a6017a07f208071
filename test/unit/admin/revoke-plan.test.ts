import { describe, expect, it } from 'vitest';
import { readPolicyText } from '../../../src/admin/policy-text.js';
import { planRevoke, type RevokeRequest } from '../../../src/admin/revoke-plan.js';
import { isValidationError } from '../../../src/errors.js';
import type { Statement } from '../../../src/policy/types.js';
import { CALLER_ROLE_ARN, CALLER_ROOT_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { allow, CARD, INVOKE, OTHER_ROLE_ARN as OTHER, policyOf as policy } from './helpers.js';

function request(change: Partial<RevokeRequest> = {}): RevokeRequest {
  return {
    resourceArn: RUNTIME_ARN,
    partition: 'aws',
    principals: [CALLER_ROLE_ARN],
    actions: undefined,
    sid: undefined,
    deletePolicy: false,
    allowOthersToLoseAccess: false,
    ...change,
  };
}

interface Row {
  name: string;
  statements: Statement[];
  request?: Partial<RevokeRequest>;
  /** Statements left; `'delete'` when the policy goes; `'unchanged'` when nothing is revoked. */
  left: Statement[] | 'delete' | 'unchanged';
  losses: Array<[principal: string, actions: string[]]>;
}

const rows: Row[] = [
  {
    name: 'the only principal of the only statement: the policy is deleted',
    statements: [allow('A', CALLER_ROLE_ARN, [INVOKE, CARD])],
    left: 'delete',
    losses: [[CALLER_ROLE_ARN, [INVOKE, CARD]]],
  },
  {
    name: 'one of two principals: the other stays, as a string',
    statements: [allow('A', [CALLER_ROLE_ARN, OTHER], INVOKE)],
    left: [allow('A', OTHER, INVOKE)],
    losses: [[CALLER_ROLE_ARN, [INVOKE]]],
  },
  {
    name: 'a statement of its own among others: only it goes',
    statements: [allow('A', OTHER, CARD), allow('B', CALLER_ROLE_ARN, INVOKE), allow('C', OTHER, INVOKE)],
    left: [allow('A', OTHER, CARD), allow('C', OTHER, INVOKE)],
    losses: [[CALLER_ROLE_ARN, [INVOKE]]],
  },
  {
    name: 'named in two statements: both',
    statements: [allow('A', CALLER_ROLE_ARN, INVOKE), allow('B', [OTHER, CALLER_ROLE_ARN], CARD)],
    left: [allow('B', OTHER, CARD)],
    losses: [
      [CALLER_ROLE_ARN, [INVOKE]],
      [CALLER_ROLE_ARN, [CARD]],
    ],
  },
  {
    name: 'only the statement with the Sid given',
    statements: [allow('A', CALLER_ROLE_ARN, INVOKE), allow('B', CALLER_ROLE_ARN, CARD)],
    request: { sid: 'B' },
    left: [allow('A', CALLER_ROLE_ARN, INVOKE)],
    losses: [[CALLER_ROLE_ARN, [CARD]]],
  },
  {
    name: 'some actions of a statement naming only the principal: the rest stay',
    statements: [allow('A', CALLER_ROLE_ARN, [INVOKE, CARD])],
    request: { actions: [CARD] },
    left: [allow('A', CALLER_ROLE_ARN, INVOKE)],
    losses: [[CALLER_ROLE_ARN, [CARD]]],
  },
  {
    name: 'every action of a shared statement: the principal goes',
    statements: [allow('A', [CALLER_ROLE_ARN, OTHER], INVOKE)],
    request: { actions: [INVOKE, CARD] },
    left: [allow('A', OTHER, INVOKE)],
    losses: [[CALLER_ROLE_ARN, [INVOKE]]],
  },
  {
    name: 'an account root written as a bare id',
    statements: [allow('A', ['222222222222', OTHER], INVOKE)],
    request: { principals: [CALLER_ROOT_ARN] },
    left: [allow('A', OTHER, INVOKE)],
    losses: [['222222222222', [INVOKE]]],
  },
  {
    name: 'a Deny naming the principal: never touched',
    statements: [{ ...allow('D', CALLER_ROLE_ARN, INVOKE), Effect: 'Deny' }, allow('A', OTHER, INVOKE)],
    left: 'unchanged',
    losses: [],
  },
  {
    name: 'a principal the policy does not name: nothing',
    statements: [allow('A', OTHER, INVOKE)],
    left: 'unchanged',
    losses: [],
  },
  {
    name: 'actions the statement does not grant: nothing',
    statements: [allow('A', CALLER_ROLE_ARN, INVOKE)],
    request: { actions: [CARD] },
    left: 'unchanged',
    losses: [],
  },
  {
    name: 'NotAction without actions: the principal loses the statement',
    statements: [
      {
        Sid: 'N',
        Effect: 'Allow',
        Principal: { AWS: [CALLER_ROLE_ARN, OTHER] },
        NotAction: CARD,
        Resource: RUNTIME_ARN,
      },
    ],
    left: [{ Sid: 'N', Effect: 'Allow', Principal: { AWS: OTHER }, NotAction: CARD, Resource: RUNTIME_ARN }],
    losses: [[CALLER_ROLE_ARN, [`NotAction:${CARD}`]]],
  },
];

describe('planRevoke', () => {
  it.each(rows)('$name', ({ statements, request: change, left, losses }) => {
    const text = policy(...statements);
    const edit = planRevoke(readPolicyText(text), request(change));
    expect(edit.losses.map((l) => [l.principal, l.actions])).toEqual(losses);
    if (left === 'delete') {
      expect(edit).toMatchObject({ remove: true, after: undefined });
    } else if (left === 'unchanged') {
      expect(edit).toMatchObject({ remove: false, after: text });
    } else {
      expect(edit.remove).toBe(false);
      expect(JSON.parse(edit.after ?? '').Statement).toEqual(left);
    }
  });

  it('does nothing without a policy', () => {
    expect(planRevoke(undefined, request())).toMatchObject({ after: undefined, remove: false, losses: [] });
  });

  it.each([
    [
      'a shared statement would have to be split',
      [allow('A', [CALLER_ROLE_ARN, OTHER], [INVOKE, CARD])],
      [CARD],
    ],
    ['a pattern cannot be narrowed', [allow('A', CALLER_ROLE_ARN, 'bedrock-agentcore:*')], [INVOKE]],
    [
      'a NotAction statement cannot be narrowed',
      [
        {
          Sid: 'N',
          Effect: 'Allow',
          Principal: { AWS: CALLER_ROLE_ARN },
          NotAction: CARD,
          Resource: RUNTIME_ARN,
        } as Statement,
      ],
      [INVOKE],
    ],
  ])('refuses when %s', (_name, statements, actions) => {
    let error: unknown;
    try {
      planRevoke(readPolicyText(policy(...statements)), request({ actions }));
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'actions' });
  });

  it('names residual access through the account root or *', () => {
    const edit = planRevoke(
      readPolicyText(
        policy(
          allow('A', CALLER_ROLE_ARN, INVOKE),
          allow('Root', CALLER_ROOT_ARN, CARD),
          allow('All', '*', CARD),
        ),
      ),
      request(),
    );
    expect(edit.residual.map((r) => [r.via, r.sid])).toEqual([
      [CALLER_ROOT_ARN, 'Root'],
      ['*', 'All'],
    ]);
  });

  it('deletePolicy: refused while it grants others, unless allowed; every principal is named', () => {
    const text = policy(allow('A', CALLER_ROLE_ARN, INVOKE), allow('B', OTHER, CARD));
    let error: unknown;
    try {
      planRevoke(readPolicyText(text), request({ deletePolicy: true }));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'ValidationError', field: 'allowOthersToLoseAccess' });
    expect((error as Error).message).toContain(OTHER);
    const edit = planRevoke(
      readPolicyText(text),
      request({ deletePolicy: true, allowOthersToLoseAccess: true }),
    );
    expect(edit.remove).toBe(true);
    expect(edit.losses.map((l) => l.principal)).toEqual([CALLER_ROLE_ARN, OTHER]);
    // Only the named principal in it: no refusal.
    expect(
      planRevoke(readPolicyText(policy(allow('A', CALLER_ROLE_ARN, INVOKE))), request({ deletePolicy: true }))
        .remove,
    ).toBe(true);
  });
});
