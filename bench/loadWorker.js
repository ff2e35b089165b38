'use strict';
/**
 * The load generator for `npm run bench`, run as a worker thread (its own event loop, so the
 * stand-ins in the main thread don't skew its timing). Closed loop: `connections` keep-alive
 * connections, each sending its next request as soon as the previous answer has been read.
 * Bounded by `maxRequests` AND `durationMs`, whichever comes first. Only 127.0.0.1.
 *
 * workerData: { port, method, path, body?: { parts, fills } (between parts[i] and parts[i + 1]
 * goes fills[i] of the request number: 'n' as is, so every activity id is unique, or 'hex12' as 12
 * hex digits, so every request can name another customer), firstNumber (where the request numbers
 * start), connections, maxRequests, durationMs }
 * posts back: { requests, errors, errorSamples, elapsedMs, rps, p50, p99, max, sent }
 */
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

const { port, method, path, body: template, firstNumber, connections, maxRequests, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
const latencies = new Float64Array(Math.min(maxRequests, 3_000_000));
let started = 0;
let done = 0;
let errors = 0;
const errorSamples = {};
const t0 = performance.now();
const deadline = t0 + durationMs;

function noteError(kind) {
  errors++;
  errorSamples[kind] = (errorSamples[kind] ?? 0) + 1;
}

function bodyFor(number) {
  let text = template.parts[0];
  for (let i = 0; i < template.fills.length; i++) {
    const fill = template.fills[i] === 'hex12' ? number.toString(16).padStart(12, '0') : String(number);
    text += fill + template.parts[i + 1];
  }
  return Buffer.from(text);
}

function one() {
  return new Promise((resolve) => {
    const n = started++;
    const body = template ? bodyFor(firstNumber + n) : undefined;
    const headers = body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : {};
    const begin = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (n < latencies.length) latencies[n] = performance.now() - begin;
        if (res.statusCode < 200 || res.statusCode >= 300) noteError(`HTTP ${res.statusCode}`);
        done++;
        resolve();
      });
      res.on('error', () => {
        noteError('response error');
        done++;
        resolve();
      });
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => {
      if (n < latencies.length) latencies[n] = performance.now() - begin;
      noteError(error.code ?? error.message);
      done++;
      resolve();
    });
    req.end(body);
  });
}

async function loop() {
  while (started < maxRequests && performance.now() < deadline) await one();
}

(async () => {
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  const sorted = latencies.subarray(0, Math.min(done, latencies.length)).sort();
  const pct = (p) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
  parentPort.postMessage({
    requests: done,
    errors,
    errorSamples,
    elapsedMs,
    rps: done / (elapsedMs / 1000),
    p50: pct(50),
    p99: pct(99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    sent: started,
  });
})();
