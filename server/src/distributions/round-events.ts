import type { Queryable } from "../db/database.ts";

/**
 * The Distributor's events as the chain index holds them (contract_events, confirmed and rewound on reorgs with
 * everything else). A round's funding, claims and reclaim are derived from these rows on every read.
 */

export interface RoundFunding {
  roundId: bigint;
  funder: string;
  total: bigint;
  deadline: bigint;
  txHash: string;
  blockNumber: number;
}

export interface ClaimEvent {
  roundId: bigint;
  index: number;
  investorId: string;
  wallet: string;
  amount: bigint;
  txHash: string;
  blockNumber: number;
}

export interface SkipEvent {
  index: number;
  investorId: string;
  reason: number;
  txHash: string;
  blockNumber: number;
}

type EventRow = { tx_hash: string; block_number: string; args: Record<string, string> | string };
const argsOf = (r: EventRow) => (typeof r.args === "string" ? JSON.parse(r.args) : r.args) as Record<string, string>;

/**
 * Which declared rounds with one of `paramsHashes` are funded, and by which on-chain round. A RoundFunded event
 * funds the oldest declared round with the same token, cash token, root, parameters hash and total, sent by the
 * wallet that declared it with the declared deadline, that no earlier event funded: the same parameters declared twice (two instalments) are told
 * apart by order, deterministically on every replica. The root and parameters hash are public once declared, so
 * anyone the Distributor lets fund could copy them; a copy funded by another wallet or with another deadline (a
 * one-second one, to reclaim at once) is not the declared round and never stands in for it.
 */
export async function readFundings(db: Queryable, distributor: string, paramsHashes: readonly string[]): Promise<Map<string, RoundFunding>> {
  const funded = new Map<string, RoundFunding>();
  const hashes = [...new Set(paramsHashes.map((h) => h.toLowerCase()))];
  if (hashes.length === 0) return funded;
  const [events, declared] = await Promise.all([
    db.query<EventRow>(
      `select tx_hash, block_number::text as block_number, args from contract_events
       where contract = $1 and event = 'RoundFunded' and args->>'paramsHash' = any($2::text[])
       order by block_number, log_index`,
      [distributor.toLowerCase(), hashes],
    ),
    db.query<{ id: string; token: string; cash_token: string; merkle_root: string; params_hash: string; funding_total: string; declared_by: string; deadline: string }>(
      `select id, token, cash_token, merkle_root, params_hash, funding_total::text as funding_total,
         lower(declared_by) as declared_by, deadline::text as deadline
       from distributions where params_hash = any($1::text[]) order by seq`,
      [hashes],
    ),
  ]);
  const open = declared.rows.map((r) => ({
    id: r.id,
    key: `${r.token}|${r.cash_token}|${r.merkle_root}|${r.params_hash}|${r.funding_total}|${r.declared_by}|${r.deadline}`,
  }));
  for (const row of events.rows) {
    const a = argsOf(row);
    const key = `${a.token}|${a.cashToken}|${a.merkleRoot}|${a.paramsHash}|${a.total}|${a.funder?.toLowerCase()}|${a.deadline}`;
    const i = open.findIndex((d) => d.key === key);
    if (i < 0) continue; // a round funded without this server, or with other figures: not one of ours
    const [match] = open.splice(i, 1);
    funded.set(match!.id, {
      roundId: BigInt(a.roundId!),
      funder: a.funder!,
      total: BigInt(a.total!),
      deadline: BigInt(a.deadline!),
      txHash: row.tx_hash,
      blockNumber: Number(row.block_number),
    });
  }
  return funded;
}

/** Claims paid in `roundIds` (all of an investor's when `investorId` is given), keyed `roundId:index`. */
export async function readClaims(db: Queryable, distributor: string, roundIds: readonly bigint[], investorId?: string): Promise<Map<string, ClaimEvent>> {
  const out = new Map<string, ClaimEvent>();
  if (roundIds.length === 0) return out;
  const { rows } = await db.query<EventRow>(
    `select tx_hash, block_number::text as block_number, args from contract_events
     where contract = $1 and event = 'Claimed' and args->>'roundId' = any($2::text[])
       and ($3::text is null or args->>'investorId' = $3::text)
     order by block_number, log_index`,
    [distributor.toLowerCase(), roundIds.map(String), investorId?.toLowerCase() ?? null],
  );
  for (const row of rows) {
    const a = argsOf(row);
    const claim: ClaimEvent = {
      roundId: BigInt(a.roundId!),
      index: Number(a.index),
      investorId: a.investorId!,
      wallet: a.wallet!,
      amount: BigInt(a.amount!),
      txHash: row.tx_hash,
      blockNumber: Number(row.block_number),
    };
    out.set(`${claim.roundId}:${claim.index}`, claim);
  }
  return out;
}

export interface ReclaimEvent {
  amount: bigint;
  to: string;
  txHash: string;
}

/** What was reclaimed after the deadline in each of `roundIds` (the first Reclaimed event per round), keyed by round id. */
export async function readReclaims(db: Queryable, distributor: string, roundIds: readonly bigint[]): Promise<Map<string, ReclaimEvent>> {
  const out = new Map<string, ReclaimEvent>();
  if (roundIds.length === 0) return out;
  const { rows } = await db.query<EventRow>(
    `select tx_hash, block_number::text as block_number, args from contract_events
     where contract = $1 and event = 'Reclaimed' and args->>'roundId' = any($2::text[]) order by block_number, log_index`,
    [distributor.toLowerCase(), roundIds.map(String)],
  );
  for (const row of rows) {
    const a = argsOf(row);
    if (!out.has(a.roundId!)) out.set(a.roundId!, { amount: BigInt(a.amount!), to: a.to!, txHash: row.tx_hash });
  }
  return out;
}

/** Entitlements `pushClaims` skipped, newest last. */
export async function readSkips(db: Queryable, distributor: string, roundId: bigint): Promise<SkipEvent[]> {
  const { rows } = await db.query<EventRow>(
    `select tx_hash, block_number::text as block_number, args from contract_events
     where contract = $1 and event = 'ClaimSkipped' and args->>'roundId' = $2 order by block_number, log_index`,
    [distributor.toLowerCase(), String(roundId)],
  );
  return rows.map((row) => {
    const a = argsOf(row);
    return { index: Number(a.index), investorId: a.investorId!, reason: Number(a.reason), txHash: row.tx_hash, blockNumber: Number(row.block_number) };
  });
}
