/**
 * The emulator's IAM role-policy API, driven by the AWS SDK's own IAM client: inline role policies
 * and customer managed policies set, read, listed and deleted, each enforced at once on the
 * AgentCore data plane; IAM's own authorization of those calls and its error codes and wordings.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAgentCore, startLocalAgentCore } from '../../../src/testing/index.js';
import { ACCOUNT_B, ADMIN_B_ROLE_ARN, CALLER_ROLE_ARN, RUNTIME_ARN } from '../../fixtures/arns.js';
import {
  agentCore,
  attachRuntimeAndEndpoint,
  correctedIdentityPolicy,
  failure,
  iam,
  invokeText,
} from './helpers.js';

let emulator: LocalAgentCore;
beforeEach(async () => {
  emulator = await startLocalAgentCore();
  await attachRuntimeAndEndpoint(emulator);
});
afterEach(async () => {
  await emulator.stop();
});

async function callerInvokes(): Promise<number | string | undefined> {
  const client = agentCore(emulator, CALLER_ROLE_ARN);
  try {
    return (await invokeText(client, { agentRuntimeArn: RUNTIME_ARN })).statusCode;
  } catch (error) {
    return (error as Error).name;
  } finally {
    client.destroy();
  }
}

describe('IAM role policies on the emulator', () => {
  it('PutRolePolicy sets the caller identity policy that the data plane enforces; Get, List and Delete see it', async () => {
    const admin = iam(emulator, ADMIN_B_ROLE_ARN);
    expect(await callerInvokes()).toBe('AccessDeniedException');
    const document = correctedIdentityPolicy();
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: 'the-caller-role',
        PolicyName: 'agentcore-invoke',
        PolicyDocument: JSON.stringify(document),
      }),
    );
    expect(await callerInvokes()).toBe(200);
    const got = await admin.send(
      new GetRolePolicyCommand({ RoleName: 'the-caller-role', PolicyName: 'agentcore-invoke' }),
    );
    expect(got.RoleName).toBe('the-caller-role');
    // IAM answers the document URL-encoded (RFC 3986).
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument ?? ''))).toEqual(document);
    const listed = await admin.send(new ListRolePoliciesCommand({ RoleName: 'the-caller-role' }));
    expect(listed).toMatchObject({ PolicyNames: ['agentcore-invoke'], IsTruncated: false });
    await admin.send(
      new DeleteRolePolicyCommand({ RoleName: 'the-caller-role', PolicyName: 'agentcore-invoke' }),
    );
    expect(await callerInvokes()).toBe('AccessDeniedException');
    const missing = await failure(
      admin.send(new GetRolePolicyCommand({ RoleName: 'the-caller-role', PolicyName: 'agentcore-invoke' })),
    );
    expect(missing).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The role policy with name agentcore-invoke cannot be found.',
    });
    admin.destroy();
  });

  it('setIdentityPolicy documents are inline policies IAM lists and reads', async () => {
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, correctedIdentityPolicy());
    const admin = iam(emulator, ADMIN_B_ROLE_ARN);
    const listed = await admin.send(new ListRolePoliciesCommand({ RoleName: 'the-caller-role' }));
    expect(listed.PolicyNames).toEqual(['inline-policy-1']);
    admin.destroy();
  });

  it('CreatePolicy, AttachRolePolicy, ListAttachedRolePolicies, GetPolicy and GetPolicyVersion', async () => {
    const admin = iam(emulator, ADMIN_B_ROLE_ARN);
    const created = await admin.send(
      new CreatePolicyCommand({
        PolicyName: 'agentcore-invoke',
        PolicyDocument: JSON.stringify(correctedIdentityPolicy()),
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT_B}:policy/agentcore-invoke`;
    expect(created.Policy).toMatchObject({
      PolicyName: 'agentcore-invoke',
      Arn: arn,
      DefaultVersionId: 'v1',
    });
    expect(created.Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{16}$/);
    expect(await callerInvokes()).toBe('AccessDeniedException');
    await admin.send(new AttachRolePolicyCommand({ RoleName: 'the-caller-role', PolicyArn: arn }));
    expect(await callerInvokes()).toBe(200);
    const attached = await admin.send(new ListAttachedRolePoliciesCommand({ RoleName: 'the-caller-role' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'agentcore-invoke', PolicyArn: arn }]);
    expect((await admin.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount).toBe(1);
    const version = await admin.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ''))).toEqual(
      correctedIdentityPolicy(),
    );
    const again = await failure(
      admin.send(
        new CreatePolicyCommand({ PolicyName: 'agentcore-invoke', PolicyDocument: '{"Statement":[]}' }),
      ),
    );
    expect(again).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409,
      message: 'A policy called agentcore-invoke already exists. Duplicate names are not allowed.',
    });
    admin.destroy();
  });

  it("refuses what IAM refuses: an unknown role, a malformed document, another account's policy", async () => {
    const admin = iam(emulator, ADMIN_B_ROLE_ARN);
    expect(
      await failure(
        admin.send(new PutRolePolicyCommand({ RoleName: 'nobody', PolicyName: 'p', PolicyDocument: '{}' })),
      ),
    ).toMatchObject({ name: 'NoSuchEntityException', message: 'The role with name nobody cannot be found.' });
    expect(
      await failure(
        admin.send(
          new PutRolePolicyCommand({
            RoleName: 'the-caller-role',
            PolicyName: 'p',
            PolicyDocument: 'not json',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'Syntax errors in policy.',
    });
    const foreign = 'arn:aws:iam::111111111111:policy/elsewhere';
    emulator.setManagedPolicy(foreign, correctedIdentityPolicy());
    expect(
      await failure(
        admin.send(new AttachRolePolicyCommand({ RoleName: 'the-caller-role', PolicyArn: foreign })),
      ),
    ).toMatchObject({
      name: 'NoSuchEntityException',
      message: `Policy ${foreign} does not exist or is not attachable.`,
    });
    admin.destroy();
  });

  it('authorizes each call: the caller without IAM permissions is denied in IAM’s words', async () => {
    const caller = iam(emulator, CALLER_ROLE_ARN);
    const denied = await failure(caller.send(new ListRolePoliciesCommand({ RoleName: 'the-caller-role' })));
    // IAM's model has no AccessDenied shape: the SDK names the error by its code.
    expect(denied).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${CALLER_ROLE_ARN} is not authorized to perform: iam:ListRolePolicies on resource: role the-caller-role because no identity-based policy allows the iam:ListRolePolicies action`,
    });
    emulator.setIdentityPolicy(CALLER_ROLE_ARN, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['iam:ListRolePolicies', 'iam:GetRolePolicy'], Resource: CALLER_ROLE_ARN },
      ],
    });
    expect(
      (await caller.send(new ListRolePoliciesCommand({ RoleName: 'the-caller-role' }))).PolicyNames,
    ).toEqual(['inline-policy-1']);
    expect(emulator.requests.at(-1)).toMatchObject({
      service: 'iam',
      operation: 'ListRolePolicies',
      decision: 'allow',
    });
    caller.destroy();
  });
});
