/**
 * An AWS service's HTTP error answer, read outside the AWS SDK (a WebSocket upgrade, an MCP
 * request to a gateway), as the SDK would have thrown it: `name` from `x-amzn-ErrorType`,
 * `message` from the JSON body, `$metadata` with the status and request id. The retry layer and
 * the AccessDenied diagnosis read exactly these fields.
 * @internal
 */

/** An HTTP error answer in the shape of an SDK service error. @internal */
export interface HttpRefusal extends Error {
  $metadata: { httpStatusCode: number; requestId?: string };
  $fault: 'client' | 'server';
}

/** The most of an error body read (AWS's error bodies are a few hundred bytes). @internal */
export const MAX_ERROR_BODY = 64 * 1024;

/**
 * The error for an HTTP answer: `header(name)` reads a lower-case response header, `text` is
 * the body (at most {@link MAX_ERROR_BODY}).
 * @internal
 */
export function httpRefusal(
  status: number,
  header: (name: string) => string | null | undefined,
  text: string,
): HttpRefusal {
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown; Message?: unknown };
    if (body.message !== undefined || body.Message !== undefined)
      message = String(body.message ?? body.Message);
  } catch {
    // Not JSON: the text as it is.
  }
  const type = (header('x-amzn-errortype') ?? '').split(':')[0] ?? '';
  const requestId = header('x-amzn-requestid');
  const error = new Error(message || `The service answered HTTP ${status}`) as HttpRefusal;
  error.name =
    type ||
    (status === 403
      ? 'AccessDeniedException'
      : status === 429
        ? 'ThrottlingException'
        : status >= 500
          ? 'InternalServerException'
          : `Http${status}Error`);
  error.$metadata = { httpStatusCode: status, ...(typeof requestId === 'string' ? { requestId } : {}) };
  error.$fault = status >= 500 ? 'server' : 'client';
  return error;
}
