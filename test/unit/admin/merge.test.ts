import { describe, expect, it } from 'vitest';
import { mergeGrant } from '../../../src/admin/merge.js';
import { readPolicyText } from '../../../src/admin/policy-text.js';
import { isPolicyBuildError } from '../../../src/errors.js';
import { runtimeAccessPolicies } from '../../../src/policy/build/runtime.js';
import type { ResourcePolicy, Statement } from '../../../src/policy/types.js';
import { CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import { allow, CARD, policyOf as existing, INVOKE, OTHER_ROLE_ARN as OTHER } from './helpers.js';

function desired(principals: string[], actions = [INVOKE], sid?: string): ResourcePolicy {
  return runtimeAccessPolicies({
    runtimeArn: RUNTIME_ARN,
    principals,
    actions,
    ...(sid === undefined ? {} : { sid }),
  }).runtime;
}

interface Row {
  name: string;
  current: string | undefined;
  grant: ResourcePolicy;
  /** The statements after the merge; `'unchanged'` when nothing is written. */
  expected: Statement[] | 'unchanged';
}

const SID = 'AllowCrossAccountInvoke';
const rows: Row[] = [
  {
    name: 'no policy: the builder’s document',
    current: undefined,
    grant: desired([CALLER_ROLE_ARN]),
    expected: [allow(SID, CALLER_ROLE_ARN, INVOKE)],
  },
  {
    name: 'an unrelated statement: appended after it',
    current: existing(allow('Partner', 'arn:aws:iam::333333333333:root', CARD)),
    grant: desired([CALLER_ROLE_ARN]),
    expected: [allow('Partner', 'arn:aws:iam::333333333333:root', CARD), allow(SID, CALLER_ROLE_ARN, INVOKE)],
  },
  {
    name: 'the same grant again: unchanged',
    current: existing(allow(SID, CALLER_ROLE_ARN, INVOKE)),
    grant: desired([CALLER_ROLE_ARN]),
    expected: 'unchanged',
  },
  {
    name: 'a subset of what the Sid grants: unchanged',
    current: existing(allow(SID, [CALLER_ROLE_ARN, OTHER], [INVOKE, CARD])),
    grant: desired([OTHER], [CARD]),
    expected: 'unchanged',
  },
  {
    name: 'an action covered by a pattern: unchanged',
    current: existing(allow(SID, CALLER_ROLE_ARN, 'bedrock-agentcore:Invoke*')),
    grant: desired([CALLER_ROLE_ARN]),
    expected: 'unchanged',
  },
  {
    name: 'the account root written as a bare id: unchanged',
    current: existing(allow(SID, '222222222222', INVOKE)),
    grant: desired(['arn:aws:iam::222222222222:root']),
    expected: 'unchanged',
  },
  {
    name: 'a new principal, same actions: added to the statement',
    current: existing(allow(SID, CALLER_ROLE_ARN, INVOKE)),
    grant: desired([OTHER]),
    expected: [allow(SID, [CALLER_ROLE_ARN, OTHER], INVOKE)],
  },
  {
    name: 'a new action, same principals: added to the statement',
    current: existing(allow(SID, CALLER_ROLE_ARN, INVOKE)),
    grant: desired([CALLER_ROLE_ARN], [INVOKE, CARD]),
    expected: [allow(SID, CALLER_ROLE_ARN, [INVOKE, CARD])],
  },
  {
    name: 'action names compared case-insensitively',
    current: existing(allow(SID, CALLER_ROLE_ARN, 'bedrock-agentcore:invokeagentruntime')),
    grant: desired([OTHER]),
    expected: [allow(SID, [CALLER_ROLE_ARN, OTHER], 'bedrock-agentcore:invokeagentruntime')],
  },
  {
    name: 'another Sid: a statement of its own',
    current: existing(allow(SID, CALLER_ROLE_ARN, INVOKE)),
    grant: desired([OTHER], [CARD], 'AllowOtherCard'),
    expected: [allow(SID, CALLER_ROLE_ARN, INVOKE), allow('AllowOtherCard', OTHER, CARD)],
  },
];

describe('mergeGrant', () => {
  it.each(rows)('$name', ({ current, grant, expected }) => {
    const policy = current === undefined ? undefined : readPolicyText(current);
    const edit = mergeGrant(policy, grant, 'aws');
    if (expected === 'unchanged') {
      expect(edit.after).toBe(current);
      expect(edit.written).toEqual([]);
      return;
    }
    expect(JSON.parse(edit.after ?? '').Statement).toEqual(expected);
    // Merging the result again changes nothing: idempotent.
    expect(mergeGrant(readPolicyText(edit.after ?? ''), grant, 'aws').after).toBe(edit.after);
  });

  it.each([
    ['other principals and other actions', allow(SID, OTHER, CARD), desired([CALLER_ROLE_ARN])],
    ['a Deny', { ...allow(SID, CALLER_ROLE_ARN, INVOKE), Effect: 'Deny' } as Statement, desired([OTHER])],
    [
      'another Resource',
      allow(SID, CALLER_ROLE_ARN, INVOKE, { Resource: `${RUNTIME_ARN}/runtime-endpoint/DEFAULT` }),
      desired([OTHER]),
    ],
    [
      'a Condition',
      allow(SID, CALLER_ROLE_ARN, INVOKE, {
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
      }),
      desired([OTHER]),
    ],
    [
      'NotAction',
      {
        Sid: SID,
        Effect: 'Allow',
        Principal: { AWS: CALLER_ROLE_ARN },
        NotAction: CARD,
        Resource: RUNTIME_ARN,
      } as Statement,
      desired([OTHER]),
    ],
  ])('refuses a Sid that exists with %s (it would widen it)', (_name, statement, grant) => {
    let error: unknown;
    try {
      mergeGrant(readPolicyText(existing(statement)), grant, 'aws');
    } catch (e) {
      error = e;
    }
    expect(isPolicyBuildError(error)).toBe(true);
    expect(error).toMatchObject({ field: 'sid' });
    expect((error as Error).message).toContain(SID);
  });

  it('records which statements it wrote, and the diff', () => {
    const edit = mergeGrant(
      readPolicyText(existing(allow('Partner', OTHER, CARD), allow(SID, CALLER_ROLE_ARN, INVOKE))),
      desired([OTHER]),
      'aws',
    );
    expect(edit.written).toEqual([1]);
    expect(edit.diff).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          sid: SID,
          before: allow(SID, CALLER_ROLE_ARN, INVOKE),
          after: allow(SID, [CALLER_ROLE_ARN, OTHER], INVOKE),
        },
      ],
    });
  });
});
