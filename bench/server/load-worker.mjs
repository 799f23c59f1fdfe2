// The load generator's thread (plain JavaScript: worker threads do not inherit the TypeScript loader). See load.ts.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

async function generate(options) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const latencies = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const once = (payload) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = options.bodies[next++ % options.bodies.length];
      const start = performance.now();
      try {
        const { status, text } = await once(body);
        if (status === 200 && text.includes(options.mustContain) && !text.includes('"errors"')) latencies.push(performance.now() - start);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const round = (n) => Math.round(n * 10) / 10;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)), rps: Math.round(latencies.length / elapsed), requests: latencies.length, errors };
}

parentPort.postMessage(await generate(workerData));
