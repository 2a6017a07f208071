/**
 * An error the emulator answers with, in the shape of the service the request was for: REST-JSON
 * (the status code, the `x-amzn-ErrorType` header and a `{"message": …}` body that the AWS SDK v3
 * deserializers map to the modelled exception: AccessDeniedException, ValidationException…) or
 * AWS Query XML (`<Error><Type>…<Code>…<Message>…`).
 * @internal
 */
export class EmulatorHttpError extends Error {
  readonly status: number;
  /** AWS error type or code, e.g. `AccessDeniedException`, `ValidationError`. */
  readonly type: string;
  /** REST-JSON: extra fields of the error body (e.g. `reason` of a ValidationException). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** AWS Query's `<Type>`: `Receiver` for a server-side fault. */
  readonly faultType: 'Sender' | 'Receiver';

  constructor(
    status: number,
    type: string,
    message: string,
    fields: Record<string, unknown> = {},
    faultType: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'EmulatorHttpError';
    this.status = status;
    this.type = type;
    this.fields = fields;
    this.faultType = faultType;
  }
}

/** 403 AccessDeniedException with AWS's message. @internal */
export function accessDenied(message: string): EmulatorHttpError {
  return new EmulatorHttpError(403, 'AccessDeniedException', message);
}

/** 400 ValidationException. @internal */
export function validationError(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'ValidationException', message);
}

/** 404 ResourceNotFoundException. @internal */
export function notFound(message: string): EmulatorHttpError {
  return new EmulatorHttpError(404, 'ResourceNotFoundException', message);
}

/** What a route handler answers: status, headers and a JSON-serializable body. @internal */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a string or a Uint8Array. */
  body?: unknown;
}
