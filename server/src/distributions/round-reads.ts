import { getAddress, type Address } from "viem";
import type { Chain } from "../chain/chain.ts";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { createDistributionStore } from "./distribution-store.ts";
import { buildViews, type DistributionView } from "./distribution-views.ts";

/** Round ids are UUIDs (randomUUID): anything else is no round, without a query. */
const DISTRIBUTION_ID = /^[0-9a-f-]{36}$/;

/**
 * What every part of the distribution service reads: the deployed Distributor and registry, the chain's clock, the
 * indexer's cursor, and rounds as views (declaration plus what the index says happened to it).
 */
export function createRoundReads(deps: { db: Database; chain: Chain }) {
  const { db, chain } = deps;
  const store = createDistributionStore(db);
  const deployed = (name: "Distributor" | "IdentityRegistry"): Address => {
    const address = chain.deployment.contracts[name]?.address;
    if (!address) throw new FolioError("DISTRIBUTION_UNAVAILABLE", `No ${name} is deployed on chain ${chain.chainId}`);
    return getAddress(address);
  };
  const chainTime = async () => (await chain.client.getBlock({ blockTag: "latest" })).timestamp;

  async function requireView(id: string): Promise<DistributionView> {
    const record = DISTRIBUTION_ID.test(id) ? await store.find(id) : null;
    if (!record) throw new FolioError("NOT_FOUND", `No distribution ${id}`);
    return (await buildViews(db, [record], await chainTime()))[0]!;
  }

  return {
    store,
    distributorAddress: () => deployed("Distributor"),
    registryAddress: () => deployed("IdentityRegistry"),
    chainTime,
    async lastIndexedBlock(): Promise<number> {
      const { rows } = await db.query<{ last_block: string }>(`select last_block::text as last_block from indexer_cursor where chain_id = $1`, [chain.chainId]);
      return rows[0] ? Number(rows[0].last_block) : -1;
    },
    /** The round, or NOT_FOUND. */
    requireView,
    /** A token's rounds, newest first. */
    async list(token: Address, beforeSeq: number | null, limit: number): Promise<DistributionView[]> {
      return buildViews(db, await store.listByToken(token, beforeSeq, limit), await chainTime());
    },
    /** The canonical parameters file of a round (published at its paramsUri), or null when there is no such round. */
    async paramsJson(id: string): Promise<string | null> {
      return DISTRIBUTION_ID.test(id) ? ((await store.find(id))?.paramsJson ?? null) : null;
    },
  };
}

export type RoundReads = ReturnType<typeof createRoundReads>;
