import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";

export interface IndexerStatus {
  chainId: number;
  /** Last block whose events are in the index (deployment block − 1 before the first batch). */
  latestIndexedBlock: number;
  chainHead: number;
  /** Blocks behind the head, confirmations included. */
  lag: number;
  confirmations: number;
}

/** How far the index is behind the chain; any replica can answer, leader or not. */
export function createIndexerStatusService(deps: { db: Queryable; chain: Chain; confirmations: number }) {
  return {
    async status(): Promise<IndexerStatus> {
      const [{ rows }, head] = await Promise.all([
        deps.db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [deps.chain.chainId]),
        deps.chain.client.getBlockNumber({ cacheTime: 0 }),
      ]);
      const latestIndexedBlock = rows[0] ? Number(rows[0].last_block) : deps.chain.deployment.deploymentBlock - 1;
      const chainHead = Number(head);
      return { chainId: deps.chain.chainId, latestIndexedBlock, chainHead, lag: Math.max(0, chainHead - latestIndexedBlock), confirmations: deps.confirmations };
    },
  };
}

export type IndexerStatusService = ReturnType<typeof createIndexerStatusService>;
