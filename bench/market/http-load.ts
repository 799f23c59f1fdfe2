// HTTP load from a worker thread of its own: the benchmark's clients (fetch, JSON) would otherwise share the app's
// event loop and bill their work to the server they measure. `sendFromWorker` runs `send` there; the worker answers
// with what was accepted, or with the first refusal, which stops the benchmark (a refusal would flatter the figure).
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

/** One request of a run: its body, headers (the maker's session) and how many orders it carries. */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
  orders: number;
}

export interface LoadJob {
  url: string;
  requests: LoadRequest[];
  clients: number;
  maxSeconds: number;
}

type LoadAnswer = { accepted: number; seconds: number } | { error: string };

/** Throws unless every order of the answer was placed. */
function expectPlaced(status: number, result: { errors?: unknown[]; data?: Record<string, unknown> }) {
  const many = result.data?.placeOrders as { refused: unknown }[] | undefined;
  const refused = many?.filter((p) => p.refused);
  if (status !== 200 || result.errors || refused?.length) {
    throw new Error(`an order was refused during the intake benchmark: ${status} ${JSON.stringify(result.errors ?? refused)}`);
  }
}

/**
 * Sends the requests through `clients` concurrent keep-alive loops until all are sent or `maxSeconds` have passed
 * (a slow server then gives a rate over fewer orders, not a five-minute run).
 */
async function send({ url, requests, clients, maxSeconds }: LoadJob): Promise<{ accepted: number; seconds: number }> {
  let next = 0;
  let accepted = 0;
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < requests.length && elapsed() < maxSeconds; i = next++) {
      const { body, headers, orders } = requests[i]!;
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      expectPlaced(response.status, (await response.json()) as Parameters<typeof expectPlaced>[1]);
      accepted += orders;
    }
  }));
  return { accepted, seconds: elapsed() };
}

/** Runs `job` in a new worker thread; resolves with what it accepted, rejects with its first refusal. */
export function sendFromWorker(job: LoadJob): Promise<{ accepted: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    // Loader hooks do not reach worker threads on Node 20: the worker registers tsx itself, then loads this file.
    const entry = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: job });
    worker.once("message", (answer: LoadAnswer) => {
      // Its keep-alive connections would hold the worker, and the benchmark's process, open after the run.
      void worker.terminate();
      if ("error" in answer) reject(new Error(answer.error));
      else resolve(answer);
    });
    worker.once("error", reject);
    // After an answer, the exit of its termination changes nothing (a settled promise stays settled).
    worker.once("exit", (code) => code !== 0 && reject(new Error(`the HTTP load worker exited with ${code}`)));
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  send(workerData as LoadJob).then(
    (result) => port.postMessage(result satisfies LoadAnswer),
    (error: Error) => port.postMessage({ error: error.message } satisfies LoadAnswer),
  );
}
