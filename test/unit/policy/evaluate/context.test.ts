import { describe, expect, it } from 'vitest';
import { InvalidArnError } from '../../../../src/errors.js';
import { deriveRequestContext } from '../../../../src/policy/evaluate/index.js';

const NOW = Date.UTC(2028, 5, 1);
const RUNTIME = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const COMMON = {
  'aws:SecureTransport': true,
  'aws:CurrentTime': '2028-06-01T00:00:00.000Z',
  'aws:EpochTime': NOW / 1000,
};

describe('deriveRequestContext', () => {
  it.each([
    [
      'an assumed-role session: the role ARN, not the session ARN',
      'arn:aws:sts::222222222222:assumed-role/the-caller-role/s1',
      {
        'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/the-caller-role',
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalType': 'AssumedRole',
        'aws:PrincipalIsAWSService': false,
        'aws:ViaAWSService': false,
      },
    ],
    [
      'an IAM user: aws:username too',
      'arn:aws:iam::222222222222:user/alice',
      {
        'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/alice',
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalType': 'User',
        'aws:PrincipalIsAWSService': false,
        'aws:ViaAWSService': false,
        'aws:username': 'alice',
      },
    ],
    [
      'the account root: aws:userid is the account id',
      'arn:aws:iam::222222222222:root',
      {
        'aws:PrincipalArn': 'arn:aws:iam::222222222222:root',
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalType': 'Account',
        'aws:PrincipalIsAWSService': false,
        'aws:ViaAWSService': false,
        'aws:userid': '222222222222',
      },
    ],
    [
      'a federated user',
      'arn:aws:sts::222222222222:federated-user/bob',
      {
        'aws:PrincipalArn': 'arn:aws:sts::222222222222:federated-user/bob',
        'aws:PrincipalAccount': '222222222222',
        'aws:PrincipalType': 'FederatedUser',
        'aws:PrincipalIsAWSService': false,
        'aws:ViaAWSService': false,
        'aws:userid': '222222222222:bob',
      },
    ],
    [
      'a service principal: no account, no aws:SourceAccount unless given',
      'lambda.amazonaws.com',
      { 'aws:PrincipalIsAWSService': true, 'aws:PrincipalServiceName': 'lambda.amazonaws.com' },
    ],
  ])('%s', (_name, principalArn, expected) => {
    expect(deriveRequestContext({ principalArn, now: NOW })).toEqual({ ...expected, ...COMMON });
  });

  it('never sets aws:SourceAccount or aws:SourceArn for an IAM principal', () => {
    const context = deriveRequestContext({
      principalArn: 'arn:aws:iam::222222222222:role/r',
      resourceArn: RUNTIME,
    });
    expect(Object.keys(context).map((k) => k.toLowerCase())).not.toContain('aws:sourceaccount');
    expect(Object.keys(context).map((k) => k.toLowerCase())).not.toContain('aws:sourcearn');
  });

  it('takes aws:ResourceAccount and aws:RequestedRegion from the resource', () => {
    expect(
      deriveRequestContext({ principalArn: 'arn:aws:iam::222222222222:role/r', resourceArn: RUNTIME }),
    ).toMatchObject({
      'aws:ResourceAccount': '111111111111',
      'aws:RequestedRegion': 'eu-west-1',
    });
  });

  it('lets given keys win over derived ones, whatever their case', () => {
    const context = deriveRequestContext({
      principalArn: 'arn:aws:sts::222222222222:assumed-role/r/s',
      context: {
        'AWS:PrincipalArn': 'arn:aws:iam::222222222222:role/path/r',
        'aws:PrincipalOrgID': 'o-abc123',
      },
      now: NOW,
    });
    expect(context['AWS:PrincipalArn']).toBe('arn:aws:iam::222222222222:role/path/r');
    expect(context['aws:PrincipalArn']).toBeUndefined();
    expect(context['aws:PrincipalOrgID']).toBe('o-abc123');
  });

  it('throws InvalidArnError for something that is no principal', () => {
    expect(() => deriveRequestContext({ principalArn: 'arn:aws:s3:::bucket' })).toThrow(InvalidArnError);
    expect(() => deriveRequestContext({ principalArn: 'somebody' })).toThrow(InvalidArnError);
  });
});
