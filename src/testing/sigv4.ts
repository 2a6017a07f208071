/**
 * SigV4 verification in two phases: what the headers alone establish (checked before a byte of
 * the body is read), then the signature and the body's hash. The signature is recomputed with the
 * SDK's own signer; the access key maps to the principal it belongs to.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { REGION } from '../arn/patterns.js';
import type { Caller, World } from './world.js';

/** Why a request failed authentication; the server words it per protocol. @internal */
export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'invalid-token'
  | 'expired'
  | 'signature'
  | 'skew'
  | 'scope';

/** @internal */
export class AuthFailure extends Error {
  readonly reason: AuthFailureReason;
  constructor(reason: AuthFailureReason, message: string) {
    super(message);
    this.name = 'AuthFailure';
    this.reason = reason;
  }
}

/** The parts of the Authorization header. @internal */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS accepts a request time at most 15 minutes away from its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Parses `AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sts/aws4_request, SignedHeaders=a;b,
 * Signature=hex` without regular expressions over the whole value (hostile input stays linear).
 * @internal
 */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (value === undefined || !value.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential?.length !== 5 || credential[4] !== 'aws4_request') return undefined;
  if (signedHeaders === undefined || signature === undefined || !/^[0-9a-f]{64}$/.test(signature))
    return undefined;
  const [accessKeyId, date, region, service] = credential as [string, string, string, string];
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '' || service === '') return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** The signing service and region a request claims, without verifying anything. @internal */
export function claimedScope(headers: IncomingHttpHeaders): { service: string; region: string } | undefined {
  const parsed = parseAuthorization(headerValue(headers, 'authorization'));
  return parsed === undefined ? undefined : { service: parsed.service, region: parsed.region };
}

/** What the header checks need from one request: everything but the body. @internal */
export interface SignedRequest {
  method: string;
  /** Path as on the wire (URL-encoded), without the query. */
  rawPath: string;
  /** Query string as on the wire, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
}

/**
 * What the headers alone establish: who signs, for which scope, over which headers, and the
 * payload hash the client declared (if any). The signature itself is checked by
 * {@link checkSignature} once the payload hash is known.
 * @internal
 */
export interface SignatureClaim {
  caller: Caller;
  /** The credential scope's service and region. */
  service: string;
  region: string;
  auth: ParsedAuthorization;
  signingDate: Date;
  /** The signed headers' values, by lower-case name. */
  signedHeaders: Record<string, string>;
  /**
   * `x-amz-content-sha256` as sent: the hex SHA-256 of the body the client signed. `undefined`
   * when the client did not send it: the canonical request then carries the hash of the body
   * as received.
   */
  declaredHash: string | undefined;
  /** True when the declared hash is itself a signed header: the signature can be checked before the body. */
  hashSigned: boolean;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d{8}T\d{6}Z$/.test(value)) return undefined;
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, '%20'));
  } catch {
    return value;
  }
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * AWS refuses a signature that leaves out the `host` header: "'Host' or ':authority' must be a
 * 'SignedHeader' in the AWS Authorization." (aws/aws-sdk-php issue 2469,
 * opensearch-project/opensearch-php issue 248; Amazon Location's older wording "'Host' must be a
 * 'SignedHeader' …" in babbel/okhttp-aws-signer issue 10). Without it a captured signature could
 * be replayed against another endpoint. The error code is not in those reports: the emulator
 * answers it as the other malformed-Authorization errors (IncompleteSignatureException).
 */
const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

/**
 * The checks that need only the request line and headers, run before a byte of the body is read:
 * an Authorization header is present and well formed; the access key is known; the session token
 * matches the key; the session has not expired (on the emulator's clock); `x-amz-date` is valid,
 * matches the credential date and is within 15 minutes of the wall clock; the credential scope
 * names `service` and a region; `host` and every other signed header are present and signed;
 * and the payload hash declared in `x-amz-content-sha256` is a SHA-256 (never UNSIGNED-PAYLOAD).
 *
 * @throws {@link AuthFailure}
 * @internal
 */
export function checkHeaders(
  request: SignedRequest,
  world: World,
  now: () => number,
  service: string,
): SignatureClaim {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) throw new AuthFailure('missing', 'Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (auth === undefined) {
    throw new AuthFailure(
      'malformed',
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters with the AWS4-HMAC-SHA256 algorithm.",
    );
  }
  const caller = world.keys.get(auth.accessKeyId);
  if (caller === undefined) {
    throw new AuthFailure('unknown-key', 'The security token included in the request is invalid.');
  }
  const token = headerValue(request.headers, 'x-amz-security-token');
  if (token !== caller.sessionToken && !(token === undefined && caller.sessionToken === undefined)) {
    throw new AuthFailure('invalid-token', 'The security token included in the request is invalid.');
  }
  if (caller.expiresAt !== undefined && now() >= caller.expiresAt) {
    throw new AuthFailure('expired', 'The security token included in the request is expired');
  }
  const amzDate = headerValue(request.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined || amzDate?.slice(0, 8) !== auth.date) {
    throw new AuthFailure('malformed', SIGNATURE_MISMATCH);
  }
  // The signature's time is the client's wall clock, so it is checked against the wall clock even
  // when the emulator runs on an injected clock (which only moves session expiry).
  const wall = Date.now();
  if (Math.abs(wall - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new AuthFailure(
      'skew',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(wall - MAX_SKEW_MS)} (${formatAmzDate(wall)} - 15 min.)`,
    );
  }
  if (auth.service !== service) {
    throw new AuthFailure('scope', `Credential should be scoped to correct service: '${service}'. `);
  }
  if (!REGION.test(auth.region))
    throw new AuthFailure('scope', 'Credential should be scoped to a valid region. ');
  const signed = new Set(auth.signedHeaders);
  if (!signed.has('host')) throw new AuthFailure('malformed', HOST_NOT_SIGNED);
  const signedHeaders: Record<string, string> = {};
  for (const name of signed) {
    const value = headerValue(request.headers, name);
    if (value === undefined) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
    signedHeaders[name] = value;
  }
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && !/^[0-9a-f]{64}$/.test(declaredHash)) {
    // `UNSIGNED-PAYLOAD` leaves the body out of the signature. AWS accepts it only for operations
    // whose model says so (`unsignedPayload` / `authtype: v4-unsigned-body`: S3, EBS, Lex runtime,
    // MediaStore data, Omics in botocore's models); no operation of the bedrock-agentcore,
    // bedrock-agentcore-control or sts models does. Elsewhere the service hashes the body it
    // received, so a signature over `UNSIGNED-PAYLOAD` cannot match: refused before the body.
    throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  }
  return {
    caller,
    service: auth.service,
    region: auth.region,
    auth,
    signingDate,
    signedHeaders,
    declaredHash,
    hashSigned: declaredHash !== undefined && signed.has('x-amz-content-sha256'),
  };
}

/**
 * Checks the signature: recomputes it over the signed headers and the payload hash, and compares
 * it in constant time. Without `body` (before it is read) the payload hash is the signed
 * `x-amz-content-sha256` the client declared; with `body`, the hash of the body as received.
 *
 * @throws {@link AuthFailure}
 * @internal
 */
export async function checkSignature(
  claim: SignatureClaim,
  request: SignedRequest,
  body?: Uint8Array,
): Promise<void> {
  const { caller, auth, signingDate, signedHeaders } = claim;
  const signed = new Set(auth.signedHeaders);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: caller.accessKeyId,
      secretAccessKey: caller.secretAccessKey,
      // The signer adds x-amz-security-token itself; give it only when the client signed it.
      ...(signed.has('x-amz-security-token') && caller.sessionToken !== undefined
        ? { sessionToken: caller.sessionToken }
        : {}),
    },
    region: auth.region,
    service: auth.service,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
    uriEscapePath: true,
  });
  const result = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: signedHeaders.host ?? '',
      path: request.rawPath,
      query: parseQuery(request.rawQuery),
      // The signer takes the payload hash from a (signed) x-amz-content-sha256, else hashes the body.
      headers: signedHeaders,
      ...(body === undefined ? {} : { body }),
    },
    { signingDate, signableHeaders: signed },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(result.headers.authorization ?? '')?.[1] ?? '';
  if (
    expected.length !== auth.signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))
  ) {
    throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  }
}

/**
 * After the body is read: the body must be the one the client signed. With a declared
 * `x-amz-content-sha256` the body's hash must equal it, so a body swapped after signing is
 * refused; without one, the caller checks the signature over the body itself.
 *
 * @throws {@link AuthFailure}
 * @internal
 */
export function checkPayload(claim: SignatureClaim, body: Uint8Array): void {
  if (claim.declaredHash === undefined) return;
  const actual = body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
  if (claim.declaredHash !== actual) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The query parameters of a presigned (query-string) SigV4 request. */
const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
] as const;

/** SigV4's longest presigned lifetime: 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

/** True when a request carries its SigV4 signature in the query string (presigned). @internal */
export function isPresigned(rawQuery: string): boolean {
  return /(?:^|&)X-Amz-Signature=/.test(rawQuery);
}

/**
 * The presigned (query-string) variant of {@link checkHeaders} and {@link checkSignature}, for a
 * request without a body (a WebSocket upgrade): `X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders` (with `host`) and `X-Amz-Signature` well
 * formed; the key known; `X-Amz-Security-Token` the key's session token; the session unexpired;
 * the scope naming `service` and a region; the URL not expired (`X-Amz-Date` plus
 * `X-Amz-Expires`, at most 7 days, on the wall clock, and not signed more than 15 minutes ahead);
 * and the signature recomputed over the canonical request with the query (minus the signature)
 * and the hash of the empty body, as botocore's `SigV4QueryAuth` signs a GET (what the AgentCore
 * Python SDK's `generate_presigned_url` uses; the interop test checks it against botocore).
 *
 * @throws {@link AuthFailure}
 * @internal
 */
export async function checkPresigned(
  request: SignedRequest,
  world: World,
  now: () => number,
  service: string,
): Promise<{ caller: Caller; region: string }> {
  const query = parseQuery(request.rawQuery);
  const param = (name: string): string | undefined => {
    const value = query[name];
    return Array.isArray(value) ? undefined : value;
  };
  if (param('X-Amz-Algorithm') !== ALGORITHM) {
    throw new AuthFailure('malformed', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const credential = param('X-Amz-Credential')?.split('/');
  const amzDate = param('X-Amz-Date');
  const expires = Number(param('X-Amz-Expires'));
  const signedHeaders = param('X-Amz-SignedHeaders')?.split(';');
  const signature = param('X-Amz-Signature') ?? '';
  const signingDate = parseAmzDate(amzDate);
  if (
    credential?.length !== 5 ||
    credential[4] !== 'aws4_request' ||
    signingDate === undefined ||
    amzDate?.slice(0, 8) !== credential[1] ||
    !(Number.isInteger(expires) && expires >= 1 && expires <= MAX_PRESIGN_SECONDS) ||
    signedHeaders === undefined ||
    !/^[0-9a-f]{64}$/.test(signature)
  ) {
    throw new AuthFailure(
      'malformed',
      "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders' and 'X-Amz-Expires'.",
    );
  }
  const [accessKeyId, , region, scopeService] = credential as [string, string, string, string];
  const caller = world.keys.get(accessKeyId);
  if (caller === undefined) {
    throw new AuthFailure('unknown-key', 'The security token included in the request is invalid.');
  }
  const token = param('X-Amz-Security-Token');
  if (token !== caller.sessionToken) {
    throw new AuthFailure('invalid-token', 'The security token included in the request is invalid.');
  }
  if (caller.expiresAt !== undefined && now() >= caller.expiresAt) {
    throw new AuthFailure('expired', 'The security token included in the request is expired');
  }
  const wall = Date.now();
  if (signingDate.getTime() - wall > MAX_SKEW_MS) {
    throw new AuthFailure(
      'skew',
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(wall + MAX_SKEW_MS)}`,
    );
  }
  if (wall > signingDate.getTime() + expires * 1000) {
    throw new AuthFailure(
      'skew',
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(wall - expires * 1000)} (${formatAmzDate(wall)} - ${expires} sec.)`,
    );
  }
  if (scopeService !== service) {
    throw new AuthFailure('scope', `Credential should be scoped to correct service: '${service}'. `);
  }
  if (!REGION.test(region)) throw new AuthFailure('scope', 'Credential should be scoped to a valid region. ');
  if (!signedHeaders.includes('host')) throw new AuthFailure('malformed', HOST_NOT_SIGNED);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
    headers[name] = value;
  }
  const unsigned: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!(PRESIGN_PARAMS as readonly string[]).includes(key)) unsigned[key] = value;
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: caller.accessKeyId,
      secretAccessKey: caller.secretAccessKey,
      ...(token === undefined ? {} : { sessionToken: token }),
    },
    region,
    service: scopeService,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
    uriEscapePath: true,
  });
  const presigned = await signer.presign(
    {
      method: request.method,
      protocol: 'https:',
      hostname: headers['host'] ?? '',
      path: request.rawPath,
      query: unsigned,
      headers,
    },
    {
      signingDate,
      expiresIn: expires,
      signableHeaders: new Set(signedHeaders),
    },
  );
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  if (
    expected.length !== signature.length ||
    !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  ) {
    throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  }
  return { caller, region };
}
