import { parseAbi, type Address } from "viem";
import { readClaims, readFundings, readReclaims, type ClaimEvent } from "../distributions/round-events.ts";
import { logKey, logsOf, lower, readEach, type DecodedLog } from "./chain-reads.ts";
import { areaReport, contractAddress, type AreaReport, type ReconcileContext } from "./types.ts";

const distributorAbi = parseAbi([
  "struct Round { address cashToken; uint64 deadline; bytes32 merkleRoot; uint128 remaining; uint128 total; address token; address funder; }",
  "function round(uint256 roundId) view returns (Round)",
  "function isClaimed(uint256 roundId, uint256 index) view returns (bool)",
  "event RoundFunded(uint256 indexed roundId, address indexed token, address indexed cashToken, address funder, uint256 total, bytes32 merkleRoot, uint64 deadline, uint64 recordBlock, bytes32 paramsHash, string paramsUri)",
  "event Claimed(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, address wallet, uint256 amount)",
  "event ClaimSkipped(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, uint8 reason)",
  "event Reclaimed(uint256 indexed roundId, address indexed to, uint256 amount)",
]);
const distributorEvents = distributorAbi.filter((item) => item.type === "event");

type Area = ReturnType<typeof areaReport>;
interface Declared { id: string; token: string; cash_token: string; funding_total: string; merkle_root: string; params_hash: string; deadline: string }
interface Leaf { distribution_id: string; leaf_index: number; investor_id: string; net: string }
interface ChainRound { cashToken: Address; deadline: bigint; merkleRoot: string; remaining: bigint; total: bigint; token: Address; funder: Address }

/**
 * Distribution claims, at the index's last block: the Distributor's events in the chain index are its events on
 * chain; each declared round funded on chain has the declared total, root, tokens and deadline; every entitlement's
 * claimed bit equals whether the database (its index) records a claim, each claim pays the declared entitlement, and
 * what the round holds is its total less the claims and the reclaim.
 */
export async function reconcileDistributions(ctx: ReconcileContext): Promise<AreaReport> {
  const block = ctx.indexedBlock;
  const a = areaReport("distribution claims", block);
  const distributor = contractAddress(ctx, "Distributor");
  if (!distributor || block === null) {
    a.note(distributor ? "no chain index to compare claims with" : "no Distributor in the deployment");
    return a.done();
  }
  const logs = await compareEvents(ctx, a, distributor, block);
  const { rows: declared } = await ctx.db.query<Declared>(
    `select id, token, cash_token, funding_total::text as funding_total, merkle_root, params_hash, deadline::text as deadline
     from distributions where lower(distributor) = $1 order by seq`, [lower(distributor.address)]);
  const fundings = await readFundings(ctx.db, distributor.address, declared.map((d) => d.params_hash));
  const funded = declared.filter((d) => fundings.has(d.id));
  unmatchedFundings(a, declared.filter((d) => !fundings.has(d.id)), logs, new Set([...fundings.values()].map((f) => f.roundId)));
  a.note(`${declared.length} round(s) declared, ${funded.length} funded on chain by block ${block}`);
  if (funded.length === 0) return a.done();
  const roundIds = funded.map((d) => fundings.get(d.id)!.roundId);
  const at = { address: distributor.address, abi: distributorAbi } as const;
  const [rounds, claims, reclaims, leaves] = await Promise.all([
    readEach<bigint, ChainRound>(ctx, roundIds, (id) => ({ ...at, functionName: "round", args: [id] }), block),
    readClaims(ctx.db, distributor.address, roundIds),
    readReclaims(ctx.db, distributor.address, roundIds),
    ctx.db.query<Leaf>(`select distribution_id, leaf_index, lower(investor_id) as investor_id, net::text as net from distribution_entitlements
      where distribution_id = any($1::text[]) and leaf_index is not null order by distribution_id, leaf_index`, [funded.map((d) => d.id)]),
  ]);
  const bits = await readEach<Leaf, boolean>(ctx, leaves.rows, (l) => ({ ...at, functionName: "isClaimed", args: [fundings.get(l.distribution_id)!.roundId, BigInt(l.leaf_index)] }), block);
  funded.forEach((d, i) => {
    const roundId = roundIds[i]!;
    compareRound(a, d, roundId, rounds[i]!, claims, reclaims.get(String(roundId))?.amount ?? 0n);
  });
  leaves.rows.forEach((leaf, i) => {
    a.check();
    const roundId = fundings.get(leaf.distribution_id)!.roundId;
    const claim = claims.get(`${roundId}:${leaf.leaf_index}`);
    const subject = `round ${roundId} (${leaf.distribution_id}) leaf ${leaf.leaf_index}`;
    if (bits[i] !== Boolean(claim)) a.differ("claim.bitmap", subject, `claimed on chain: ${bits[i] ? "yes" : "no"}; claim in the database: ${claim ? `yes (tx ${claim.txHash})` : "none"}`);
    if (claim && (lower(claim.investorId) !== leaf.investor_id || claim.amount !== BigInt(leaf.net))) {
      a.differ("claim.entitlement", subject, `entitlement ${leaf.net} to investor ${leaf.investor_id}; claim paid ${claim.amount} to investor ${claim.investorId}`);
    }
  });
  return a.done();
}

/** Every Distributor event on chain up to the block is in the index, unchanged, and the index has no other. */
async function compareEvents(ctx: ReconcileContext, a: Area, distributor: { address: Address; block: bigint }, block: bigint): Promise<DecodedLog[]> {
  const [logs, indexed] = await Promise.all([
    logsOf(ctx, distributor.address, distributorEvents, distributor.block, block),
    ctx.db.query<{ k: string; event: string; args: Record<string, unknown> | string }>(
      `select lower(tx_hash) || ':' || log_index as k, event, args from contract_events where contract = $1 and block_number <= $2`,
      [lower(distributor.address), block.toString()]),
  ]);
  const rows = new Map(indexed.rows.map((r) => [r.k, { event: r.event, args: typeof r.args === "string" ? JSON.parse(r.args) : r.args }]));
  for (const log of logs) {
    a.check();
    const k = logKey(log);
    const row = rows.get(k);
    const subject = `${log.eventName} ${k}`;
    if (!row) a.differ("distributor-event.not-indexed", subject, `on chain at block ${log.blockNumber}, not in the index`);
    else {
      const changed = Object.entries(log.args).filter(([name, value]) => lower(typeof value === "bigint" ? value.toString() : value) !== lower(row.args[name]));
      if (row.event !== log.eventName || changed.length) {
        a.differ("distributor-event.differs", subject, `index ${row.event} ${changed.map(([n]) => `${n}=${row.args[n]}`).join(", ")}; chain ${log.eventName} ${changed.map(([n, v]) => `${n}=${v}`).join(", ")}`);
      }
    }
    rows.delete(k);
  }
  for (const [k, row] of rows) a.differ("distributor-event.not-on-chain", `${row.event} ${k}`, `in the index, not on chain up to block ${block}`);
  return logs;
}

/**
 * A declared round that no funding matches, while a round with its parameters hash and Merkle root was funded on
 * chain: the declaration and the funding disagree on a figure (the funding rule needs them all equal).
 */
function unmatchedFundings(a: Area, unfunded: Declared[], logs: DecodedLog[], matched: Set<bigint>) {
  for (const d of unfunded) {
    const log = logs.find((l) => l.eventName === "RoundFunded" && !matched.has(l.args.roundId as bigint)
      && lower(l.args.paramsHash) === lower(d.params_hash) && lower(l.args.merkleRoot) === lower(d.merkle_root));
    if (!log) continue;
    a.check();
    const args = log.args;
    const fields = { total: [d.funding_total, args.total], token: [d.token, args.token], cashToken: [d.cash_token, args.cashToken], deadline: [d.deadline, args.deadline] };
    const differ = Object.entries(fields).filter(([, [mine, theirs]]) => lower(mine) !== lower(theirs)).map(([name, [mine, theirs]]) => `${name}: declared ${mine}, funded ${theirs}`);
    a.differ("round.funding", `round ${args.roundId} (${d.id})`, `funded on chain with the declared parameters and root, but ${differ.join("; ") || "by another wallet than the one that declared it"}`);
  }
}

function compareRound(a: Area, d: Declared, roundId: bigint, round: ChainRound, claims: Map<string, ClaimEvent>, reclaimed: bigint) {
  a.check();
  const subject = `round ${roundId} (${d.id})`;
  const declared = { total: BigInt(d.funding_total), merkleRoot: lower(d.merkle_root), token: lower(d.token), cashToken: lower(d.cash_token), deadline: BigInt(d.deadline) };
  const onChain = { total: round.total, merkleRoot: lower(round.merkleRoot), token: lower(round.token), cashToken: lower(round.cashToken), deadline: round.deadline };
  for (const field of Object.keys(declared) as (keyof typeof declared)[]) {
    if (declared[field] !== onChain[field]) a.differ("round.funding", subject, `${field}: declared ${declared[field]}, funded on chain ${onChain[field]}`);
  }
  const claimed = [...claims.values()].filter((c) => c.roundId === roundId).reduce((sum, c) => sum + c.amount, 0n);
  const expected = BigInt(d.funding_total) - claimed - reclaimed;
  if (round.remaining !== expected) {
    a.differ("round.remaining", subject, `the round holds ${round.remaining} on chain; funded ${d.funding_total} less ${claimed} claimed and ${reclaimed} reclaimed in the database is ${expected}`);
  }
}
