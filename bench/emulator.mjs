#!/usr/bin/env node
// Benchmark of the local emulator: InvokeAgentRuntime (JSON echo) over loopback, against a bare
// node:http server answering the same bytes. The difference is what the emulator adds: SigV4
// verification, routing, IAM evaluation through explainAccess, the agent and the request log.
// Two clients: the plain AWS SDK v3 client (what tests use; its own CPU cost is in every figure)
// and a raw keep-alive node:http client replaying one pre-signed request (the server's own
// capacity). Prints a markdown section; bounded to about 15 s. Run `npm run build` first (it
// imports ../dist/testing/index.js).
import { Agent, createServer, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { startLocalAgentCore } from '../dist/testing/index.js';

const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const RUNTIME_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const SESSION = 'bench-session-0123456789-0123456789-01';
const PAYLOAD = JSON.stringify({ prompt: 'hello from the benchmark', n: 42 });
const WARMUP = 200;
const LATENCY_SAMPLES = 600;
const THROUGHPUT_MS = 1500;
const CONCURRENCY = 16;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sequential latency (p50, p99) and concurrent throughput of one way of calling. */
async function measure(call) {
  for (let i = 0; i < WARMUP; i++) await call();
  const samples = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await call();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  let done = 0;
  const started = performance.now();
  const end = started + THROUGHPUT_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    rps: done / ((performance.now() - started) / 1000),
  };
}

const emulator = await startLocalAgentCore();
const config = emulator.clientConfig(ADMIN);
const command = () =>
  new InvokeAgentRuntimeCommand({
    agentRuntimeArn: RUNTIME_ARN,
    runtimeSessionId: SESSION,
    payload: PAYLOAD,
  });

// Capture the emulator's exact answer so the bare server sends the same bytes.
const probe = new BedrockAgentCoreClient(config);
const sample = await probe.send(command());
const body = Buffer.from(await sample.response.transformToByteArray());
probe.destroy();
const answerHeaders = {
  'Content-Type': sample.contentType,
  'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sample.runtimeSessionId,
  'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
  'Content-Length': String(body.length),
};
const bare = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, answerHeaders);
    res.end(body);
  });
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareEndpoint = `http://127.0.0.1:${bare.address().port}`;

// One pre-signed request, replayed: a signature stays valid for 15 minutes.
const url = new URL(`/runtimes/${encodeURIComponent(RUNTIME_ARN)}/invocations`, emulator.endpoint);
const signer = new SignatureV4({
  credentials: config.credentials,
  region: config.region,
  service: 'bedrock-agentcore',
  sha256: Hash.bind(null, 'sha256'),
});
const signed = await signer.sign({
  method: 'POST',
  protocol: 'http:',
  hostname: url.hostname,
  port: Number(url.port),
  path: url.pathname,
  query: { qualifier: 'DEFAULT' },
  headers: {
    host: url.host,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(PAYLOAD)),
    'x-amzn-bedrock-agentcore-runtime-session-id': SESSION,
  },
  body: PAYLOAD,
});
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const raw = (port) => () =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${url.pathname}?qualifier=DEFAULT`,
        headers: signed.headers,
        agent,
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(PAYLOAD);
  });

const emulatorClient = new BedrockAgentCoreClient({ ...config, maxAttempts: 1 });
const bareClient = new BedrockAgentCoreClient({ ...config, endpoint: bareEndpoint, maxAttempts: 1 });
const sdkCall = (client) => async () => (await client.send(command())).response.transformToByteArray();
const results = {
  sdkBare: await measure(sdkCall(bareClient)),
  sdkEmulator: await measure(sdkCall(emulatorClient)),
  rawBare: await measure(raw(Number(new URL(bareEndpoint).port))),
  rawEmulator: await measure(raw(Number(url.port))),
};
emulatorClient.destroy();
bareClient.destroy();
agent.destroy();
await emulator.stop();
await new Promise((resolve) => bare.close(resolve));

const ms = (v) => v.toFixed(3);
const row = (client, server, r) =>
  `| ${client} | ${server} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} |`;
const added = (e, b) =>
  `+${ms(e.p50 - b.p50)} ms at p50 (${(e.p50 / b.p50).toFixed(2)}×), throughput ${((e.rps / b.rps) * 100).toFixed(0)}% of the bare server's`;
const lines = [
  '## Local emulator: InvokeAgentRuntime (JSON echo) over loopback',
  '',
  `${body.length}-byte answer. Latency: ${LATENCY_SAMPLES} sequential calls after ${WARMUP} warm-up calls. Throughput: ${CONCURRENCY} concurrent callers for ${THROUGHPUT_MS / 1000} s. Client and server share one Node process.`,
  '',
  '| client | server | p50 latency (ms) | p99 latency (ms) | requests/s |',
  '|---|---|---:|---:|---:|',
  row('AWS SDK v3 (signs each call)', 'bare node:http, same bytes', results.sdkBare),
  row('AWS SDK v3 (signs each call)', 'emulator', results.sdkEmulator),
  row('raw node:http, pre-signed', 'bare node:http, same bytes', results.rawBare),
  row('raw node:http, pre-signed', 'emulator', results.rawEmulator),
  '',
  `Added by the emulator (SigV4 check, routing, IAM evaluation, agent, request log): with the SDK client ${added(results.sdkEmulator, results.sdkBare)}; with the raw client ${added(results.rawEmulator, results.rawBare)}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
