import type { Abi, ContractFunctionParameters, PublicClient } from "viem";

/**
 * Most distinct view calls in one multicall: the queue of a busy moment goes out in several. A deployless multicall
 * is a contract creation, whose init code (Multicall3's code plus the calls, 256 bytes each for our views) must stay
 * under EIP-3860's 49,152 bytes: 128 calls take about 33 kB with the code.
 */
const MAX_CALLS = 128;
/** Multicalls on their way at once: one, so that every call made meanwhile waits for the next and shares it. */
const MAX_IN_FLIGHT = 1;

interface Waiting {
  call: ContractFunctionParameters;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** What makes two view calls the same: contract, function and arguments (the ABI is the function's, whichever object holds it). */
const callKey = (call: ContractFunctionParameters): string =>
  `${call.address.toLowerCase()}.${call.functionName}(${(call.args ?? []).map((a) => (typeof a === "string" ? a.toLowerCase() : String(a))).join(",")})`;

/**
 * View calls of many concurrent callers (order placements, mostly), at the latest block, in as few eth_calls as the
 * load asks for: a call that finds the line free goes at the end of the event loop's turn, with every call made in
 * that turn; one made while multicalls are on their way waits
 * for one to return and then goes with everything queued meanwhile, as one deployless Multicall3 aggregate3 (the
 * contract's code travels with the call: no deployment needed). Every call is sent after it was made, so no answer
 * is older than its question, as a cache's could be; a quiet server pays no wait, a busy one sends one eth_call
 * for many placements instead of one per read, and a view several of them ask goes once.
 */
export function createCoalescedReads(client: PublicClient) {
  const queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  /**
   * Sends at the end of this turn of the event loop: a placement asks its five or six views one after another, and
   * placements validated side by side ask theirs in the same turn; all of them go in one multicall, not the first
   * alone and the rest in the next.
   */
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  function pump() {
    while (queue.length && inFlight < MAX_IN_FLIGHT) {
      // The same view asked by several callers (one maker's balance for each of its orders) goes once.
      const calls = new Map<string, Waiting[]>();
      while (queue.length && calls.size < MAX_CALLS) {
        const waiting = queue.shift()!;
        const key = callKey(waiting.call);
        const same = calls.get(key);
        if (same) same.push(waiting);
        else calls.set(key, [waiting]);
      }
      const batch = [...calls.values()];
      inFlight++;
      client
        .multicall({ contracts: batch.map((same) => same[0]!.call) as ContractFunctionParameters<Abi>[], deployless: true, allowFailure: true, batchSize: 0 })
        .then(
          (results) =>
            results.forEach((r, i) => batch[i]!.forEach((w) => (r.status === "success" ? w.resolve(r.result) : w.reject(r.error)))),
          (error) => batch.forEach((same) => same.forEach((w) => w.reject(error))),
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  /** Shares one request among the callers that come while it is on its way, as the next request (sent after them). */
  function freshShared<T>(request: () => Promise<T>): () => Promise<T> {
    let running: Promise<T> | null = null;
    let next: Promise<T> | null = null;
    const start = () => {
      const p = request().finally(() => {
        if (running === p) running = null;
      });
      running = p;
      return p;
    };
    return () => {
      if (!running) return start();
      next ??= running.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        next = null;
        return start();
      });
      return next;
    };
  }

  return {
    /** One view call, answered at the latest block as of (or after) this call. */
    read<T>(call: ContractFunctionParameters): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ call, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },

    /** The latest block's timestamp, read after this call was made (concurrent callers share the read). */
    chainTime: freshShared(async () => BigInt((await client.request({ method: "eth_getBlockByNumber", params: ["latest", false] }))!.timestamp)),
  };
}

export type CoalescedReads = ReturnType<typeof createCoalescedReads>;
