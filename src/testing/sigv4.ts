/**
 * SigV4 verification: recompute each request's signature with the SDK's own signer and map the
 * access key to the principal it belongs to.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
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

/** What the verifier needs from one request. @internal */
export interface SignedRequest {
  method: string;
  /** Path as on the wire (URL-encoded), without the query. */
  rawPath: string;
  /** Query string as on the wire, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** A verified request: who signed it and for which service and region. @internal */
export interface Verified {
  caller: Caller;
  service: string;
  region: string;
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
 * Verifies a request's SigV4 signature and returns the caller behind the access key.
 *
 * Checks, in order: an Authorization header is present and well formed; the access key is known;
 * the session token matches the key; the session has not expired (on the emulator's clock); the
 * request time is within 15 minutes of the wall clock; `x-amz-content-sha256` matches the body;
 * and the signature recomputed over exactly the signed headers matches.
 *
 * @throws {@link AuthFailure}
 * @internal
 */
export async function verifySignature(
  request: SignedRequest,
  world: World,
  now: () => number,
): Promise<Verified> {
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
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
    const actual =
      request.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(request.body).digest('hex');
    if (declaredHash !== actual) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
  }
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = headerValue(request.headers, name);
    if (value === undefined) throw new AuthFailure('signature', SIGNATURE_MISMATCH);
    headers[name] = value;
  }
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
      hostname: headers.host ?? '',
      path: request.rawPath,
      query: parseQuery(request.rawQuery),
      headers,
      body: request.body,
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
  return { caller, service: auth.service, region: auth.region };
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
