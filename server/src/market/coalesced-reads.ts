import { encodeFunctionData, type Abi, type ContractFunctionParameters, type PublicClient } from "viem";

/**
 * Most distinct view calls in one multicall: the queue of a busy moment goes out in several. A deployless multicall is
 * a contract creation, so two limits bind it: its init code (Multicall3's ~5.6 kB and the encoded calls, 224 to 256
 * bytes each for one or two arguments) must stay under EIP-3860's 49,152 bytes, and its answers, returned as the new
 * contract's code, under EIP-170's 24,576 (160 bytes per one-word answer). 128 calls fit both (under 39 kB and
 * 20.5 kB); 256 did not, and a busy book's fillability review failed with CreateContractSizeLimit.
 */
const MAX_CALLS = 128;
/** Multicalls on their way at once: one, so that every call made meanwhile waits for the next and shares it. */
const MAX_IN_FLIGHT = 1;

interface Waiting {
  call: ContractFunctionParameters;
  key: string;
  /** The callers asking this same call (same contract and calldata) since it was queued. */
  callers: { resolve(value: unknown): void; reject(error: unknown): void }[];
}

/**
 * View calls of many concurrent callers (order placements, mostly), at the latest block, in as few eth_calls as the
 * load asks for: a call that finds the line free goes at once; one made while multicalls are on their way waits
 * for one to return and then goes with everything queued meanwhile, as one deployless Multicall3 aggregate3 (the
 * contract's code travels with the call: no deployment needed). Every call is sent after it was made, so no answer
 * is older than its question, as a cache's could be; a quiet server pays no wait, a busy one sends one eth_call
 * for many placements instead of one per read.
 */
export function createCoalescedReads(client: PublicClient) {
  const queue: Waiting[] = [];
  /** Queued (not yet sent) calls by contract and calldata, so callers asking the same thing share one call. */
  const queued = new Map<string, Waiting>();
  let inFlight = 0;

  function pump() {
    while (queue.length && inFlight < MAX_IN_FLIGHT) {
      const batch = queue.splice(0, MAX_CALLS);
      for (const w of batch) queued.delete(w.key);
      inFlight++;
      client
        .multicall({ contracts: batch.map((w) => w.call) as ContractFunctionParameters<Abi>[], deployless: true, allowFailure: true, batchSize: 0 })
        .then(
          (results) => results.forEach((r, i) => batch[i]!.callers.forEach((c) => (r.status === "success" ? c.resolve(r.result) : c.reject(r.error)))),
          (error) => batch.forEach((w) => w.callers.forEach((c) => c.reject(error))),
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
        const caller = { resolve: resolve as (value: unknown) => void, reject };
        const key = keyOf(call);
        const same = queued.get(key);
        if (same) return void same.callers.push(caller);
        const waiting = { call, key, callers: [caller] };
        queue.push(waiting);
        queued.set(key, waiting);
        pump();
      });
    },

    /** The latest block's timestamp, read after this call was made (concurrent callers share the read). */
    chainTime: freshShared(async () => BigInt((await client.request({ method: "eth_getBlockByNumber", params: ["latest", false] }))!.timestamp)),
  };
}

export type CoalescedReads = ReturnType<typeof createCoalescedReads>;

/** A view call's identity: the contract and the calldata it sends. */
function keyOf(call: ContractFunctionParameters): string {
  return `${call.address.toLowerCase()}:${encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never)}`;
}
