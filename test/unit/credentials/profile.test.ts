import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrossAccountAgentClient } from '../../../src/client.js';
import { clearCredentialCache } from '../../../src/credentials/cache.js';
import { RUNTIME_ARN } from '../../fixtures/arns.js';
import { fakeHandler, signingKeyOf } from '../client/fake-http.js';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/CrossAccountAgentInvoker';

function stsXml(key: string): string {
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>profile-secret</SecretAccessKey><SessionToken>profile-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::111111111111:assumed-role/CrossAccountAgentInvoker/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`;
}

let configFile: string;
beforeEach(() => {
  clearCredentialCache();
  const dir = mkdtempSync(join(tmpdir(), 'xacct-profile-'));
  configFile = join(dir, 'config');
  // The seed's profile: role_arn + credential_source.
  writeFileSync(
    configFile,
    `[profile agent-invoker]\nrole_arn = ${ROLE_ARN}\ncredential_source = Environment\nregion = eu-west-1\n`,
  );
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIASOURCEKEY0000000');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'source-secret');
});
afterEach(() => vi.unstubAllEnvs());

describe('profile mode (role_arn + credential_source)', () => {
  it('assumes the profile role once for many invokes across clients, and signs with the role credentials', async () => {
    const stsRequests: string[] = [];
    const stsHandler = fakeHandler(async (request) => {
      stsRequests.push(String(request.body));
      return { headers: { 'content-type': 'text/xml' }, body: stsXml('ASIAPROFILEKEY000001') };
    });
    const dataPlane = fakeHandler(() => ({ body: '{"ok":true}' }));
    const clients = Array.from(
      { length: 3 },
      () =>
        new CrossAccountAgentClient({
          access: {
            mode: 'profile',
            profile: 'agent-invoker',
            configFilepath: configFile,
            filepath: join(configFile, '..', 'credentials'),
            stsClientConfig: { requestHandler: stsHandler },
          },
          clientConfig: { requestHandler: dataPlane },
        }),
    );
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) =>
        (await clients[i % 3]!.invoke({ runtimeArn: RUNTIME_ARN, payload: {} })).json(),
      ),
    );
    expect(stsRequests).toHaveLength(1);
    expect(stsRequests[0]).toContain('Action=AssumeRole');
    expect(stsRequests[0]).toContain(encodeURIComponent(ROLE_ARN));
    expect(signingKeyOf(stsHandler.requests[0]!)).toBe('AKIASOURCEKEY0000000');
    expect(dataPlane.requests.every((r) => signingKeyOf(r) === 'ASIAPROFILEKEY000001')).toBe(true);
  });
});
