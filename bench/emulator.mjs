#!/usr/bin/env node
// Benchmark of the local emulator: InvokeAgentRuntime (JSON echo) through the plain AWS SDK v3
// client over loopback, against a bare node:http server answering the same bytes to the same
// client. The difference is what the emulator adds: SigV4 verification, routing, IAM evaluation
// through explainAccess, the agent and the request log. Prints a markdown section; bounded to
// about 15 s. Run `npm run build` first (it imports ../dist/testing/index.js).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BedrockAgentCoreClient, InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import { startLocalAgentCore } from '../dist/testing/index.js';

const ADMIN = 'arn:aws:iam::111111111111:role/admin';
const RUNTIME_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abcdefghij';
const SESSION = 'bench-session-0123456789-0123456789-01';
const PAYLOAD = JSON.stringify({ prompt: 'hello from the benchmark', n: 42 });
const WARMUP = 200;
const LATENCY_SAMPLES = 1000;
const THROUGHPUT_MS = 2500;
const CONCURRENCY = 16;

function command() {
  return new InvokeAgentRuntimeCommand({
    agentRuntimeArn: RUNTIME_ARN,
    runtimeSessionId: SESSION,
    payload: PAYLOAD,
  });
}

async function invoke(client) {
  const out = await client.send(command());
  await out.response.transformToByteArray();
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(client) {
  for (let i = 0; i < WARMUP; i++) await invoke(client);
  const samples = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await invoke(client);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  let done = 0;
  const end = performance.now() + THROUGHPUT_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await invoke(client);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), rps: done / seconds };
}

const emulator = await startLocalAgentCore();
const config = emulator.clientConfig(ADMIN);

// Capture the emulator's exact answer so the bare server sends the same bytes.
const probe = new BedrockAgentCoreClient(config);
const sample = await probe.send(command());
const body = Buffer.from(await sample.response.transformToByteArray());
probe.destroy();
const headers = {
  'Content-Type': sample.contentType,
  'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': sample.runtimeSessionId,
  'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
  'Content-Length': String(body.length),
};
const bare = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareEndpoint = `http://127.0.0.1:${bare.address().port}`;

const emulatorClient = new BedrockAgentCoreClient({ ...config, maxAttempts: 1 });
const bareClient = new BedrockAgentCoreClient({ ...config, endpoint: bareEndpoint, maxAttempts: 1 });
const onBare = await measure(bareClient);
const onEmulator = await measure(emulatorClient);
emulatorClient.destroy();
bareClient.destroy();
await emulator.stop();
await new Promise((resolve) => bare.close(resolve));

const ms = (v) => v.toFixed(3);
const lines = [
  '## Local emulator: InvokeAgentRuntime (JSON echo) over loopback',
  '',
  `Plain \`BedrockAgentCoreClient\` (SigV4 signing included on the client side), ${body.length}-byte answer.`,
  `Latency: ${LATENCY_SAMPLES} sequential calls after ${WARMUP} warm-up calls. Throughput: ${CONCURRENCY} concurrent callers for ${THROUGHPUT_MS / 1000} s.`,
  '',
  '| server | p50 latency (ms) | p99 latency (ms) | requests/s |',
  '|---|---:|---:|---:|',
  `| bare node:http, same bytes | ${ms(onBare.p50)} | ${ms(onBare.p99)} | ${onBare.rps.toFixed(0)} |`,
  `| emulator (SigV4 check, IAM evaluation, agent) | ${ms(onEmulator.p50)} | ${ms(onEmulator.p99)} | ${onEmulator.rps.toFixed(0)} |`,
  '',
  `Added by the emulator: ${ms(onEmulator.p50 - onBare.p50)} ms at p50 (${(onEmulator.p50 / onBare.p50).toFixed(2)}× the bare server's latency); throughput ${(
    (onEmulator.rps / onBare.rps) * 100
  ).toFixed(0)}% of the bare server's.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
