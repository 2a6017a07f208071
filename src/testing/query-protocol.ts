/**
 * The AWS Query protocol (STS; later IAM): form-encoded POST requests that name their operation
 * in `Action` and their API version in `Version`, answered in XML.
 * @module
 */
import { EmulatorHttpError } from './http-error.js';

/** Escapes text for an XML element. @internal */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The XML body of an error answer. @internal */
export function queryErrorXml(
  xmlns: string,
  error: { type: 'Sender' | 'Receiver'; code: string; message: string },
  requestId: string,
): string {
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.type}</Type><Code>${xmlEscape(error.code)}</Code>` +
    `<Message>${xmlEscape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** The XML body of a successful answer: `<{Action}Response><{Action}Result>…`. @internal */
export function querySuccessXml(xmlns: string, action: string, result: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${xmlns}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The XML body of a successful answer of an operation without output: `<{Action}Response>` and its metadata. @internal */
export function queryEmptyXml(xmlns: string, action: string, requestId: string): string {
  return `<${action}Response xmlns="${xmlns}"><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/** The form fields of a Query request body, the first value of each name kept. @internal */
export function parseForm(body: Uint8Array): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(Buffer.from(body).toString('utf8'))) {
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

/**
 * AWS's answer to an `Action` a Query service does not have, or a request without the service's
 * `Version`.
 * @internal
 */
export function invalidAction(action: string | undefined, version: string | undefined): EmulatorHttpError {
  return new EmulatorHttpError(
    400,
    'InvalidAction',
    `Could not find operation ${action ?? ''} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
  );
}
