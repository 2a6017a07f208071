/**
 * A fake HTTP handler for real SDK clients: the whole middleware stack runs (credential
 * resolution, signing, serialization, retries), only the socket is replaced.
 */
import { Readable } from 'node:stream';
import { type HttpHandler, type HttpRequest, HttpResponse } from '@smithy/protocol-http';

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer[];
}

export type Responder = (
  request: HttpRequest,
  abortSignal: AbortSignal | undefined,
) => FakeReply | Promise<FakeReply>;

export interface FakeHandler extends HttpHandler {
  requests: HttpRequest[];
}

export function fakeHandler(respond: Responder): FakeHandler {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async handle(request: HttpRequest, options?: { abortSignal?: AbortSignal | { aborted: boolean } }) {
      requests.push(request);
      const abortSignal = options?.abortSignal as AbortSignal | undefined;
      const reply = await respond(request, abortSignal);
      const body = reply.body ?? '';
      return {
        response: new HttpResponse({
          statusCode: reply.status ?? 200,
          headers: { 'content-type': 'application/json', ...reply.headers },
          body: Readable.from(typeof body === 'string' ? [Buffer.from(body)] : body),
        }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  } as FakeHandler;
}

/** An AWS REST-JSON error reply, as the data plane sends it. */
export function awsError(status: number, type: string, message: string): FakeReply {
  return { status, headers: { 'x-amzn-errortype': type }, body: JSON.stringify({ message }) };
}

/** The access key id a SigV4-signed request was signed with. */
export function signingKeyOf(request: HttpRequest): string | undefined {
  const auth = request.headers['authorization'] ?? request.headers['Authorization'];
  return auth?.match(/Credential=([A-Z0-9]+)\//)?.[1];
}

/** Resolves after `ms` or rejects when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    });
  });
}
