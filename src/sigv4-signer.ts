/**
 * The SigV4 signer (`@smithy/signature-v4` with Node's SHA-256), loaded on first use: the root
 * entry never loads it at import time (a resource-policy client that only invokes never needs
 * it; the AWS SDK signs its own requests). Used where this library signs outside the SDK: the
 * presigned WebSocket URL and the gateway's MCP requests.
 * @internal
 */
import type { SignatureV4 } from '@smithy/signature-v4';

/** Credentials to sign with. @internal */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** A signer for `bedrock-agentcore` in `region`. @internal */
export async function agentCoreSigner(credentials: SigningCredentials, region: string): Promise<SignatureV4> {
  const [{ SignatureV4: Signer }, { Hash }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@smithy/hash-node'),
  ]);
  return new Signer({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    region,
    service: 'bedrock-agentcore',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
    uriEscapePath: true,
  });
}
