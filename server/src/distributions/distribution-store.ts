import { getAddress, type Address, type Hex } from "viem";
import type { Queryable } from "../db/database.ts";

/** A declared round as stored (server/src/db/migrations/006-distributions.ts). */
export interface DistributionRecord {
  id: string;
  seq: number;
  chainId: number;
  distributor: Address;
  token: Address;
  cashToken: Address;
  recordBlock: number;
  recordTime: bigint | null;
  amount: bigint;
  fundingTotal: bigint;
  grossTotal: bigint;
  withheldTotal: bigint;
  netTotal: bigint;
  eligibleSupply: bigint;
  excludedBalance: bigint;
  deadline: bigint;
  paramsJson: string;
  paramsHash: Hex;
  paramsUri: string;
  merkleRoot: Hex;
  declaredBy: Address;
  createdAt: Date;
  /** Entitlements with a leaf (a positive net amount). */
  claimableCount: number;
  investorCount: number;
}

/** One investor's entitlement in one round. */
export interface EntitlementRecord {
  distributionId: string;
  investorId: Hex;
  balance: bigint;
  bps: number;
  gross: bigint;
  withheld: bigint;
  net: bigint;
  leafIndex: number | null;
  proof: Hex[] | null;
}

const SELECT = `
  select d.id, d.seq::text as seq, d.chain_id, d.distributor, d.token, d.cash_token, d.record_block::text as record_block,
    d.record_time::text as record_time, d.amount::text as amount, d.funding_total::text as funding_total,
    d.gross_total::text as gross_total, d.withheld_total::text as withheld_total, d.net_total::text as net_total,
    d.eligible_supply::text as eligible_supply, d.excluded_balance::text as excluded_balance, d.deadline::text as deadline,
    d.params_json, d.params_hash, d.params_uri, d.merkle_root, d.declared_by, d.created_at,
    (select count(*) from distribution_entitlements e where e.distribution_id = d.id)::int as investor_count,
    (select count(*) from distribution_entitlements e where e.distribution_id = d.id and e.leaf_index is not null)::int as claimable_count
  from distributions d`;

type Row = Record<string, unknown>;
const big = (v: unknown) => BigInt(String(v));

function toRecord(r: Row): DistributionRecord {
  return {
    id: String(r.id),
    seq: Number(r.seq),
    chainId: Number(r.chain_id),
    distributor: getAddress(String(r.distributor)),
    token: getAddress(String(r.token)),
    cashToken: getAddress(String(r.cash_token)),
    recordBlock: Number(r.record_block),
    recordTime: r.record_time === null ? null : big(r.record_time),
    amount: big(r.amount),
    fundingTotal: big(r.funding_total),
    grossTotal: big(r.gross_total),
    withheldTotal: big(r.withheld_total),
    netTotal: big(r.net_total),
    eligibleSupply: big(r.eligible_supply),
    excludedBalance: big(r.excluded_balance),
    deadline: big(r.deadline),
    paramsJson: String(r.params_json),
    paramsHash: r.params_hash as Hex,
    paramsUri: String(r.params_uri),
    merkleRoot: r.merkle_root as Hex,
    declaredBy: getAddress(String(r.declared_by)),
    createdAt: new Date(r.created_at as string),
    investorCount: Number(r.investor_count),
    claimableCount: Number(r.claimable_count),
  };
}

function toEntitlement(r: Row): EntitlementRecord {
  const proof = r.proof === null ? null : ((typeof r.proof === "string" ? JSON.parse(r.proof) : r.proof) as Hex[]);
  return {
    distributionId: String(r.distribution_id),
    investorId: r.investor_id as Hex,
    balance: big(r.balance),
    bps: Number(r.bps),
    gross: big(r.gross),
    withheld: big(r.withheld),
    net: big(r.net),
    leafIndex: r.leaf_index === null ? null : Number(r.leaf_index),
    proof,
  };
}

const ENTITLEMENT_COLUMNS = `distribution_id, investor_id, balance::text as balance, bps, gross::text as gross, withheld::text as withheld,
  net::text as net, leaf_index, proof`;

export type NewDistribution = Omit<DistributionRecord, "seq" | "createdAt" | "claimableCount" | "investorCount">;

export function createDistributionStore(db: Queryable) {
  return {
    async insert(tx: Queryable, d: NewDistribution, entitlements: readonly EntitlementRecord[]): Promise<void> {
      await tx.query(
        `insert into distributions (id, chain_id, distributor, token, cash_token, record_block, record_time, amount, funding_total,
           gross_total, withheld_total, net_total, eligible_supply, excluded_balance, deadline, params_json, params_hash, params_uri,
           merkle_root, declared_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
        [d.id, d.chainId, d.distributor.toLowerCase(), d.token.toLowerCase(), d.cashToken.toLowerCase(), d.recordBlock,
          d.recordTime?.toString() ?? null, d.amount.toString(), d.fundingTotal.toString(), d.grossTotal.toString(),
          d.withheldTotal.toString(), d.netTotal.toString(), d.eligibleSupply.toString(), d.excludedBalance.toString(),
          d.deadline.toString(), d.paramsJson, d.paramsHash.toLowerCase(), d.paramsUri, d.merkleRoot.toLowerCase(), d.declaredBy],
      );
      // One statement per 2,000 rows: a 10,000-investor round is five inserts.
      for (let start = 0; start < entitlements.length; start += 2000) {
        const chunk = entitlements.slice(start, start + 2000);
        await tx.query(
          `insert into distribution_entitlements (distribution_id, investor_id, balance, bps, gross, withheld, net, leaf_index, proof)
           select $1, t.i, t.b, t.bps, t.g, t.w, t.n, t.l, t.p::jsonb
           from unnest($2::text[], $3::numeric[], $4::int[], $5::numeric[], $6::numeric[], $7::numeric[], $8::int[], $9::text[])
             as t(i, b, bps, g, w, n, l, p)`,
          [d.id, chunk.map((e) => e.investorId.toLowerCase()), chunk.map((e) => e.balance.toString()), chunk.map((e) => e.bps),
            chunk.map((e) => e.gross.toString()), chunk.map((e) => e.withheld.toString()), chunk.map((e) => e.net.toString()),
            chunk.map((e) => e.leafIndex), chunk.map((e) => (e.proof ? JSON.stringify(e.proof) : null))],
        );
      }
    },

    async find(id: string, q: Queryable = db): Promise<DistributionRecord | null> {
      const { rows } = await q.query<Row>(`${SELECT} where d.id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async findMany(ids: readonly string[]): Promise<DistributionRecord[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<Row>(`${SELECT} where d.id = any($1::text[]) order by d.seq desc`, [ids]);
      return rows.map(toRecord);
    },

    /** A token's rounds, newest first; `limit + 1` rows when a next page exists. */
    async listByToken(token: string, beforeSeq: number | null, limit: number): Promise<DistributionRecord[]> {
      const { rows } = await db.query<Row>(
        `${SELECT} where d.token = $1 and ($2::bigint is null or d.seq < $2::bigint) order by d.seq desc limit $3`,
        [token.toLowerCase(), beforeSeq, limit + 1],
      );
      return rows.map(toRecord);
    },

    /** A round's entitlements in investor-id order, after `afterInvestor`; all of them when `limit` is null. */
    async entitlements(id: string, afterInvestor: string, limit: number | null): Promise<EntitlementRecord[]> {
      const { rows } = await db.query<Row>(
        `select ${ENTITLEMENT_COLUMNS} from distribution_entitlements
         where distribution_id = $1 and investor_id > $2 order by investor_id limit $3`,
        [id, afterInvestor, limit === null ? null : limit + 1],
      );
      return rows.map(toEntitlement);
    },

    /** One investor's entitlements across rounds of this chain, newest round first, before round `beforeSeq`. */
    async entitlementsOfInvestor(chainId: number, investorId: string, beforeSeq: number | null, limit: number) {
      const { rows } = await db.query<Row>(
        `select e.distribution_id, e.investor_id, e.balance::text as balance, e.bps, e.gross::text as gross,
           e.withheld::text as withheld, e.net::text as net, e.leaf_index, e.proof, d.seq::text as seq
         from distribution_entitlements e
         join distributions d on d.id = e.distribution_id
         where e.investor_id = $1 and d.chain_id = $2 and ($3::bigint is null or d.seq < $3::bigint)
         order by d.seq desc limit $4`,
        [investorId.toLowerCase(), chainId, beforeSeq, limit + 1],
      );
      return rows.map((r) => ({ ...toEntitlement(r), seq: Number(r.seq) }));
    },
  };
}

export type DistributionStore = ReturnType<typeof createDistributionStore>;
