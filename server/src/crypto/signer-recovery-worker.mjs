// The worker thread of signer-recovery.ts (plain JavaScript: loader hooks such as tsx do not reach worker threads on
// Node 20). Takes batches of (digest, 64-byte signature, recovery id), answers each signer's 20-byte address, or a
// miss when the signature recovers no key.
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";

const require = createRequire(import.meta.url);
const secp256k1 = require("secp256k1");
const createKeccakHash = require("keccak");

parentPort.on("message", ({ id, digests, signatures, recoveryIds }) => {
  const count = recoveryIds.length;
  const addresses = new Uint8Array(20 * count);
  const found = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    try {
      const key = secp256k1.ecdsaRecover(signatures.subarray(64 * i, 64 * i + 64), recoveryIds[i], digests.subarray(32 * i, 32 * i + 32), false);
      addresses.set(createKeccakHash("keccak256").update(Buffer.from(key.buffer, key.byteOffset + 1, 64)).digest().subarray(12), 20 * i);
      found[i] = 1;
    } catch {
      // No key for this signature: a miss, answered as such.
    }
  }
  parentPort.postMessage({ id, addresses, found }, [addresses.buffer, found.buffer]);
});
