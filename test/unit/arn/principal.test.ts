import { describe, expect, it } from 'vitest';
import { accountRootArn, parsePrincipalArn } from '../../../src/arn/index.js';
import { InvalidArnError } from '../../../src/errors.js';

describe('parsePrincipalArn', () => {
  it.each([
    ['account root', 'arn:aws:iam::222222222222:root', { kind: 'root', accountId: '222222222222' }],
    [
      'role',
      'arn:aws:iam::222222222222:role/the-caller-role',
      { kind: 'role', name: 'the-caller-role', path: '/' },
    ],
    [
      'role with a path',
      'arn:aws:iam::222222222222:role/service/app/worker',
      { kind: 'role', name: 'worker', path: '/service/app/' },
    ],
    ['user', 'arn:aws:iam::222222222222:user/alice', { kind: 'user', name: 'alice' }],
    [
      'assumed-role session',
      'arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/b-session',
      {
        kind: 'assumed-role',
        name: 'CrossAccountAgentInvoker',
        sessionName: 'b-session',
        identityArn: 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker',
      },
    ],
    [
      'federated user',
      'arn:aws:sts::222222222222:federated-user/bob',
      { kind: 'federated-user', name: 'bob' },
    ],
    ['GovCloud role', 'arn:aws-us-gov:iam::222222222222:role/r', { partition: 'aws-us-gov', kind: 'role' }],
  ])('parses a %s', (_name, arn, expected) => {
    expect(parsePrincipalArn(arn)).toMatchObject(expected);
  });

  it.each([
    ['a wildcard role', 'arn:aws:iam::222222222222:role/*'],
    ['a region in an IAM ARN', 'arn:aws:iam:eu-west-1:222222222222:role/r'],
    ['an 11-digit account', 'arn:aws:iam::22222222222:role/r'],
    ['an AgentCore ARN', 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij'],
    ['a group', 'arn:aws:iam::222222222222:group/admins'],
    ['an assumed role without session', 'arn:aws:sts::222222222222:assumed-role/r'],
    ['a very long input', `arn:aws:iam::222222222222:role/${'a'.repeat(100_000)}`],
  ])('rejects %s', (_name, arn) => {
    expect(() => parsePrincipalArn(arn)).toThrow(InvalidArnError);
  });

  it('formats an account root ARN', () => {
    expect(accountRootArn('222222222222')).toBe('arn:aws:iam::222222222222:root');
    expect(accountRootArn('222222222222', 'aws-cn')).toBe('arn:aws-cn:iam::222222222222:root');
    expect(() => accountRootArn('2222')).toThrow(InvalidArnError);
  });
});
