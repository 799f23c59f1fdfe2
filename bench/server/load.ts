import { Worker } from "node:worker_threads";

export interface LoadResult {
  p50Ms: number;
  p95Ms: number;
  rps: number;
  requests: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  /** GraphQL request bodies, sent round-robin (e.g. pages at random cursors). */
  bodies: string[];
  /** A response counts as an error unless its body contains this text (and no "errors" key). */
  mustContain: string;
  connections: number;
  seconds: number;
}

/**
 * A closed-loop load generator in its own thread (so it does not share the server's event loop): `connections`
 * workers on keep-alive sockets, each sending its next request as soon as the previous answer is read.
 */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./load-worker.mjs", import.meta.url), { workerData: options });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}
