/**
 * The services the emulator serves, by SigV4 signing name, and how each one speaks: its protocol
 * (REST-JSON or AWS Query), how it words authentication failures, throttling and server errors,
 * and the shape of its error answers. A new service (IAM's Query API, say) is one more entry.
 * @module
 */
import { MEMORY_OPERATIONS } from './memory/routes.js';
import { queryErrorXml } from './query-protocol.js';
import type { StreamingResponse } from './responses.js';
import type { AuthFailureReason } from './sigv4.js';

/** The operations whose throttling error is ThrottledException (the memory ones, in the SDK models). */
const THROTTLED_EXCEPTION: ReadonlySet<string> = new Set<string>([
  ...MEMORY_OPERATIONS,
  'CreateMemory',
  'GetMemory',
  'UpdateMemory',
  'DeleteMemory',
  'ListMemories',
]);

/** The SigV4 signing names the emulator serves. @internal */
export type ServiceName = 'bedrock-agentcore' | 'sts' | 'iam';

/** How one service speaks. @internal */
export interface ServiceSpec {
  readonly protocol: 'rest-json' | 'query';
  /** AWS Query only: the `Version` every request must name, and the XML namespace of answers. */
  readonly version?: string;
  readonly xmlns?: string;
  /** The code of a request the service refuses as invalid. */
  readonly validationCode: string;
  /** Status and error code of each authentication failure. */
  readonly authErrors: Readonly<Record<AuthFailureReason, readonly [number, string]>>;
  /** Status and error code of a throttled request to `operation`. */
  throttle(operation: string): readonly [number, string];
  /** Error code of a server error with `status`. */
  serverError(status: number): string;
  /** An error answer in the service's shape. */
  errorResponse(error: ServiceError, requestId: string): StreamingResponse;
}

/** An error to answer, whatever the protocol. @internal */
export interface ServiceError {
  status: number;
  /** `x-amzn-ErrorType` (REST-JSON) or `<Code>` (AWS Query). */
  code: string;
  message: string;
  /** AWS Query's `<Type>`: Receiver for server-side faults. */
  faultType?: 'Sender' | 'Receiver';
  /** REST-JSON: extra members of the error body (a ValidationException's `reason`…). */
  fields?: Readonly<Record<string, unknown>>;
}

const SERVER_ERRORS: Record<number, { rest: string; query: string }> = {
  500: { rest: 'InternalServerException', query: 'InternalFailure' },
  502: { rest: 'BadGatewayException', query: 'InternalFailure' },
  503: { rest: 'ServiceUnavailableException', query: 'ServiceUnavailable' },
  504: { rest: 'GatewayTimeoutException', query: 'InternalFailure' },
};

const REST_JSON: ServiceSpec = {
  protocol: 'rest-json',
  validationCode: 'ValidationException',
  authErrors: {
    missing: [403, 'MissingAuthenticationTokenException'],
    malformed: [403, 'IncompleteSignatureException'],
    'unknown-key': [403, 'UnrecognizedClientException'],
    'invalid-token': [403, 'UnrecognizedClientException'],
    expired: [403, 'ExpiredTokenException'],
    signature: [403, 'InvalidSignatureException'],
    skew: [403, 'InvalidSignatureException'],
    scope: [403, 'InvalidSignatureException'],
  },
  // FACTS.md: the memory data plane's CreateEvent quota answers ThrottledException. In the SDK
  // models every memory operation, data plane and control plane, throttles with
  // ThrottledException; the runtime, gateway and the rest with ThrottlingException.
  throttle: (operation) => [
    429,
    THROTTLED_EXCEPTION.has(operation) ? 'ThrottledException' : 'ThrottlingException',
  ],
  serverError: (status) => SERVER_ERRORS[status]?.rest ?? 'InternalServerException',
  errorResponse: (error) => ({
    status: error.status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': error.code },
    body: { ...error.fields, message: error.message },
  }),
};

function queryService(version: string, xmlns: string): ServiceSpec {
  return {
    protocol: 'query',
    version,
    xmlns,
    validationCode: 'ValidationError',
    authErrors: {
      missing: [403, 'MissingAuthenticationToken'],
      malformed: [400, 'IncompleteSignature'],
      'unknown-key': [403, 'InvalidClientTokenId'],
      'invalid-token': [403, 'InvalidClientTokenId'],
      expired: [400, 'ExpiredToken'],
      signature: [403, 'SignatureDoesNotMatch'],
      skew: [403, 'SignatureDoesNotMatch'],
      scope: [403, 'SignatureDoesNotMatch'],
    },
    // STS answers throttling as a 400 with code Throttling.
    throttle: () => [400, 'Throttling'],
    serverError: (status) => SERVER_ERRORS[status]?.query ?? 'InternalFailure',
    errorResponse: (error, requestId) => ({
      status: error.status,
      headers: { 'Content-Type': 'text/xml' },
      body: queryErrorXml(
        xmlns,
        { type: error.faultType ?? 'Sender', code: error.code, message: error.message },
        requestId,
      ),
    }),
  };
}

/** The services, by signing name. @internal */
export const SERVICES: Readonly<Record<ServiceName, ServiceSpec>> = {
  'bedrock-agentcore': REST_JSON,
  sts: queryService('2011-06-15', 'https://sts.amazonaws.com/doc/2011-06-15/'),
  iam: queryService('2010-05-08', 'https://iam.amazonaws.com/doc/2010-05-08/'),
};

/** True for a signing name the emulator serves. @internal */
export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICES, name);
}
