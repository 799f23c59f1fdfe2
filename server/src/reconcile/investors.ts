import { lower } from "./chain-reads.ts";
import { isLinked, readRegistry, type RegistrySnapshot } from "./registry-state.ts";
import { areaReport, contractAddress, type AreaReport, type ReconcileContext } from "./types.ts";

/** The registry status each KYC chain status stands for (server/src/kyc/chain-writes.ts REGISTRY_STATUS). */
const STATUS: Record<string, number> = { active: 1, liquidate_only: 2, suspended: 3 };
const STATUS_NAME = ["not registered", "active", "liquidate-only", "suspended"];

interface KycInvestor {
  application_id: string;
  investor_id: string;
  country: number | null;
  flags: number | null;
  kyc_valid_until: string | null;
  chain_status: string | null;
  wallets: string[];
  /** A registry write of this application is still in the outbox (pending, sending or sent). */
  in_flight: boolean;
}

/**
 * Investors and wallets: every investor the KYC records say is registered is in the IdentityRegistry with the same
 * wallets, status, country, categories and KYC expiry (at the head); every wallet linked on chain is known to the KYC
 * records (or, for an investor Folio's KYC never decided on, was not written by the platform's outbox); and the chain
 * index's view of the registry (investor records, wallet links) equals the registry at the index's last block.
 */
export async function reconcileInvestors(ctx: ReconcileContext): Promise<AreaReport> {
  const a = areaReport("investors and wallets", ctx.head);
  const registry = contractAddress(ctx, "IdentityRegistry");
  if (!registry) {
    a.note("no IdentityRegistry in the deployment");
    return a.done();
  }
  const { rows } = await ctx.db.query<KycInvestor>(
    `select a.id as application_id, lower(a.investor_id) as investor_id, a.country, a.flags, a.kyc_valid_until::text as kyc_valid_until, a.chain_status,
       array(select lower(w.wallet) from kyc_wallets w where w.application_id = a.id order by 1) as wallets,
       exists(select 1 from kyc_chain_writes c join outbox_entries o on o.id = c.outbox_entry_id
              where c.application_id = a.id and o.status in ('pending', 'sending', 'sent')) as in_flight
     from kyc_applications a where a.investor_id is not null order by a.seq`,
  );
  const index = ctx.indexedBlock === null ? null : await readIndex(ctx, ctx.indexedBlock);
  // One read of the registry serves both comparisons when the index is at the head.
  const same = index !== null && ctx.indexedBlock === ctx.head;
  const investorIds = [...rows.map((r) => r.investor_id), ...(same ? index.records.map((r) => r.investor_id) : [])];
  const wallets = [...rows.flatMap((r) => r.wallets), ...(same ? index.links.map((l) => l.wallet) : [])];
  const chain = await readRegistry(ctx, registry, ctx.head, investorIds, wallets);
  compareKyc(a, rows, chain);
  await compareUnknownWallets(ctx, a, rows, chain);
  if (index) {
    const atIndex = same ? chain : await readRegistry(ctx, registry, ctx.indexedBlock!, index.records.map((r) => r.investor_id), index.links.map((l) => l.wallet));
    compareIndex(a, index, atIndex);
  }
  return a.done();
}

type Area = ReturnType<typeof areaReport>;

function compareKyc(a: Area, rows: KycInvestor[], chain: RegistrySnapshot) {
  for (const r of rows) {
    const found = (kind: string, detail: string) => (r.in_flight ? a.later : a.differ)(kind, r.investor_id, `application ${r.application_id}: ${detail}`);
    const onChain = chain.investors.get(r.investor_id)!;
    a.check();
    if (onChain.status === 0) {
      found("investor.missing", `registered in the database (${r.chain_status}), not in the IdentityRegistry`);
      continue;
    }
    const expected = STATUS[r.chain_status ?? ""] ?? 0;
    if (onChain.status !== expected) found("investor.status", `status: database ${STATUS_NAME[expected] ?? r.chain_status}, chain ${STATUS_NAME[onChain.status] ?? onChain.status}`);
    if (r.country !== null && onChain.country !== Number(r.country)) found("investor.country", `country: database ${r.country}, chain ${onChain.country}`);
    if (r.flags !== null && onChain.flags !== Number(r.flags)) found("investor.flags", `category flags: database ${r.flags}, chain ${onChain.flags}`);
    if (r.kyc_valid_until !== null && onChain.kycValidUntil !== BigInt(r.kyc_valid_until)) {
      found("investor.kyc-expiry", `KYC valid until: database ${isoSeconds(BigInt(r.kyc_valid_until))}, chain ${isoSeconds(onChain.kycValidUntil)}`);
    }
    const linked = new Set(onChain.wallets);
    for (const wallet of r.wallets) {
      a.check();
      if (!linked.has(wallet)) {
        const owner = chain.investorOfWallet.get(wallet);
        found("wallet.not-linked", `wallet ${wallet} is in the database, on chain ${isLinked(owner) ? `linked to investor ${owner}` : "linked to no investor"}`);
      }
    }
    for (const wallet of onChain.wallets) if (!r.wallets.includes(wallet)) found("wallet.unknown", `wallet ${wallet} is linked on chain, not in the database`);
    if (onChain.walletCount !== onChain.wallets.length) found("wallet.count", `the registry counts ${onChain.walletCount} linked wallets, its events name ${onChain.wallets.length}`);
  }
}

/**
 * Wallets linked on chain to investors the KYC records do not hold. When the platform's own outbox wrote them, the
 * database lost its record of a write it made: a difference. Otherwise another KYC agent registered them (a
 * deployment's treasury, an issuer's own tooling): noted, not the platform's to reconcile.
 */
async function compareUnknownWallets(ctx: ReconcileContext, a: Area, rows: KycInvestor[], chain: RegistrySnapshot) {
  const known = new Set(rows.map((r) => r.investor_id));
  const unknown = [...chain.investors].filter(([id, inv]) => !known.has(id) && (inv.status !== 0 || inv.wallets.length > 0));
  if (unknown.length === 0) return;
  const writes = [...new Set(unknown.flatMap(([id]) => [...(chain.writesOf.get(id) ?? [])]))];
  const { rows: ours } = await ctx.db.query<{ tx_hash: string }>(
    `select lower(tx_hash) as tx_hash from outbox_attempts where lower(tx_hash) = any($1::text[])
     union select lower(tx_hash) from outbox_entries where lower(tx_hash) = any($1::text[])`,
    [writes],
  );
  const byOutbox = new Set(ours.map((r) => r.tx_hash));
  let outside = 0;
  for (const [id, inv] of unknown) {
    a.check();
    const txs = [...(chain.writesOf.get(id) ?? [])].filter((h) => byOutbox.has(h));
    if (txs.length) a.differ("investor.unrecorded", id, `written on chain by the platform's outbox (tx ${txs.join(", ")}) with ${inv.wallets.length} wallet(s), unknown to the KYC records`);
    else outside += 1;
  }
  if (outside) a.note(`${outside} investor(s) registered on chain by another KYC agent, outside Folio's KYC records`);
}

interface IndexedRegistry {
  block: bigint;
  records: { investor_id: string; country: number; valid_until: string; flags: number; status: number; removed: boolean }[];
  links: { wallet: string; investor_id: string }[];
}

/** The chain index's registry tables (investor_records, wallet_links) as of `block`. */
async function readIndex(ctx: ReconcileContext, block: bigint): Promise<IndexedRegistry> {
  const [records, links] = await Promise.all([
    ctx.db.query<IndexedRegistry["records"][number]>(
      `select distinct on (investor_id) lower(investor_id) as investor_id, country, valid_until::text as valid_until, flags, status, removed
       from investor_records where block_number <= $1 order by investor_id, block_number desc, log_index desc`, [block.toString()]),
    ctx.db.query<IndexedRegistry["links"][number]>(
      `select lower(wallet) as wallet, lower(investor_id) as investor_id from wallet_links
       where from_block <= $1 and (to_block is null or to_block > $1)`, [block.toString()]),
  ]);
  return { block, records: records.rows, links: links.rows };
}

/** The index's investor records and wallet links against the registry at the index's last block. */
function compareIndex(a: Area, index: IndexedRegistry, chain: RegistrySnapshot) {
  const block = index.block;
  const indexed = new Map(index.records.map((r) => [r.investor_id, r]));
  for (const [id, inv] of chain.investors) {
    a.check();
    const r = indexed.get(id);
    const status = r ? (r.removed ? 0 : Number(r.status)) : 0;
    if (status !== inv.status) a.differ("index.investor-status", id, `chain index at block ${block}: ${STATUS_NAME[status]}, registry ${STATUS_NAME[inv.status] ?? inv.status}`);
    else if (r && inv.status !== 0 && (Number(r.country) !== inv.country || Number(r.flags) !== inv.flags || BigInt(r.valid_until) !== inv.kycValidUntil)) {
      a.differ("index.investor-record", id, `chain index at block ${block}: country ${r.country}, flags ${r.flags}, valid until ${r.valid_until}; registry ${inv.country}, ${inv.flags}, ${inv.kycValidUntil}`);
    }
  }
  const linkOf = new Map(index.links.map((r) => [r.wallet, r.investor_id]));
  for (const [wallet, owner] of chain.investorOfWallet) {
    a.check();
    const indexedOwner = linkOf.get(wallet);
    if ((indexedOwner ?? null) !== (isLinked(owner) ? owner : null)) {
      a.differ("index.wallet-link", wallet, `chain index at block ${block}: ${indexedOwner ? `linked to ${indexedOwner}` : "not linked"}; registry: ${isLinked(owner) ? `linked to ${owner}` : "not linked"}`);
    }
  }
}

const isoSeconds = (seconds: bigint) => `${new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z")} (${seconds})`;
