import type { PublicClient } from "viem";
import { FolioError } from "../errors.ts";

/**
 * Checks a record block: it must be indexed (at or below the indexer's cursor, which stays `confirmations` blocks
 * behind the head), so the entitlements come from final, complete balance history.
 */
export function checkRecordBlock(recordBlock: number, lastIndexed: number, firstBlock: number): void {
  if (!Number.isSafeInteger(recordBlock) || recordBlock < 0) {
    throw new FolioError("BAD_USER_INPUT", "recordBlock must be a block number (0 or more)");
  }
  if (recordBlock > lastIndexed) {
    throw new FolioError("DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED", `Record block ${recordBlock} is not indexed and confirmed yet (latest indexed block is ${lastIndexed})`, {
      hint: "Pick a past block, or wait until indexerStatus shows it indexed",
    });
  }
  if (recordBlock < firstBlock) {
    throw new FolioError("DISTRIBUTION_RECORD_BLOCK_TOO_EARLY", `Record block ${recordBlock} is before the platform was deployed (block ${firstBlock})`);
  }
}

/**
 * The last block whose timestamp is at or before `recordTime` (Unix seconds), found by bisection over the indexed
 * range. The answer must be final: a later block must already exist (with a later timestamp) and the answer must be
 * indexed, otherwise a block still to come could be the real last block at that time.
 */
export async function resolveRecordTime(
  client: PublicClient,
  recordTime: bigint,
  range: { firstBlock: number; lastIndexed: number },
): Promise<number> {
  const timestamp = async (n: number) => (await client.getBlock({ blockNumber: BigInt(n) })).timestamp;
  const { firstBlock, lastIndexed } = range;
  if (lastIndexed < firstBlock || (await timestamp(firstBlock)) > recordTime) {
    throw new FolioError("DISTRIBUTION_RECORD_BLOCK_TOO_EARLY", `Record time ${recordTime} is before the platform was deployed (block ${firstBlock})`);
  }
  // The answer is final when a block after it has a later timestamp: inside the indexed range, or the next one.
  if ((await timestamp(lastIndexed)) <= recordTime) {
    let next: bigint | null = null;
    try {
      next = (await client.getBlock({ blockNumber: BigInt(lastIndexed + 1) })).timestamp;
    } catch {
      // No block after the indexed range yet: the record time may still belong to a block to come.
    }
    if (next === null || next <= recordTime) {
      throw new FolioError("DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED", `Record time ${recordTime} is not covered by indexed, confirmed blocks yet (latest indexed block is ${lastIndexed})`, {
        hint: "Pick an earlier time, or wait until a later block is mined and indexed",
      });
    }
    return lastIndexed;
  }
  // Invariant: timestamp(low) <= recordTime < timestamp(high).
  let low = firstBlock;
  let high = lastIndexed;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if ((await timestamp(middle)) <= recordTime) low = middle;
    else high = middle;
  }
  return low;
}
