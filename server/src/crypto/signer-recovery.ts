import { Worker } from "node:worker_threads";
import secp256k1 from "secp256k1";
import { bytesToHex, hexToBytes, type Address, type Hex } from "viem";
import { keccak256Native } from "./keccak.ts";

/** One signature waiting for the next batch. */
interface Pending {
  digest: Uint8Array;
  signature: Uint8Array;
  recoveryId: number;
  resolve(signer: Address | null): void;
}

/** The signer of a 64-byte signature and recovery id over `digest`, on this thread (libsecp256k1), or null. */
function recoverHere(digest: Uint8Array, signature: Uint8Array, recoveryId: number): Address | null {
  try {
    const key = secp256k1.ecdsaRecover(signature, recoveryId, digest, false);
    return `0x${keccak256Native(key.subarray(1)).slice(-40)}`;
  } catch {
    return null;
  }
}

/**
 * ECDSA signer recovery (libsecp256k1, about 0.1 ms a signature: the largest single cost of an order's intake) on a
 * worker thread, so the event loop serving GraphQL does not pay it. The signatures asked for in one turn of the
 * event loop (a batch of orders validated side by side) go as one message. The worker is started on first use and
 * does not keep the process alive; if it fails, recovery goes on here, on the calling thread.
 */
function createSignerRecovery() {
  let worker: Worker | null = null;
  let broken = false;
  let queue: Pending[] = [];
  let flushing = false;
  let nextId = 0;
  const inFlight = new Map<number, Pending[]>();
  const counts = { onWorker: 0, here: 0 };

  function settleHere(batch: Pending[]) {
    counts.here += batch.length;
    for (const p of batch) p.resolve(recoverHere(p.digest, p.signature, p.recoveryId));
  }

  function workerOrNull(): Worker | null {
    if (broken) return null;
    if (worker) return worker;
    try {
      worker = new Worker(new URL("./signer-recovery-worker.mjs", import.meta.url));
      worker.on("message", ({ id, addresses, found }: { id: number; addresses: Uint8Array; found: Uint8Array }) => {
        const batch = inFlight.get(id);
        inFlight.delete(id);
        if (!inFlight.size) worker?.unref();
        counts.onWorker += batch?.length ?? 0;
        batch?.forEach((p, i) => p.resolve(found[i] ? bytesToHex(addresses.subarray(20 * i, 20 * i + 20)) : null));
      });
      const fail = () => {
        broken = true;
        worker = null;
        for (const batch of inFlight.values()) settleHere(batch);
        inFlight.clear();
      };
      worker.on("error", fail);
      worker.on("exit", fail);
      // Alive while it owes answers, never what keeps an idle process alive. Set after the listeners: adding a
      // "message" listener refs the worker again.
      worker.unref();
    } catch {
      broken = true;
    }
    return worker;
  }

  function flush() {
    flushing = false;
    const batch = queue;
    queue = [];
    const target = workerOrNull();
    if (!target) return settleHere(batch);
    const digests = new Uint8Array(32 * batch.length);
    const signatures = new Uint8Array(64 * batch.length);
    const recoveryIds = new Uint8Array(batch.length);
    batch.forEach((p, i) => {
      digests.set(p.digest, 32 * i);
      signatures.set(p.signature, 64 * i);
      recoveryIds[i] = p.recoveryId;
    });
    const id = nextId++;
    inFlight.set(id, batch);
    target.ref();
    target.postMessage({ id, digests, signatures, recoveryIds }, [digests.buffer, signatures.buffer, recoveryIds.buffer]);
  }

  return {
    /** Signatures recovered so far on the worker and, had it failed, on the calling thread. */
    counts: () => ({ ...counts }),

    /**
     * The signer of a 65-byte ECDSA signature over `digest` (v 27 or 28, as the contracts' ECDSA takes it), or null.
     */
    recover(digest: Hex, signature: Hex): Promise<Address | null> {
      const bytes = hexToBytes(signature);
      const v = bytes[64];
      if (bytes.length !== 65 || (v !== 27 && v !== 28)) return Promise.resolve(null);
      return new Promise((resolve) => {
        queue.push({ digest: hexToBytes(digest), signature: bytes.subarray(0, 64), recoveryId: v - 27, resolve });
        if (!flushing) {
          flushing = true;
          setImmediate(flush);
        }
      });
    },
  };
}

/** The process's one signer recovery (one worker thread, whatever the number of servers the process runs). */
export const signerRecovery = createSignerRecovery();
