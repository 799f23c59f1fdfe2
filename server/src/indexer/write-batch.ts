import type { Queryable } from "../db/database.ts";
import type { ContractEventLog, DecodedLog, TransferLog } from "./events.ts";
import { applyCertificateEvents } from "../artworks/certificate-events.ts";

const ZERO = "0x0000000000000000000000000000000000000000";

export interface DiscoveredToken {
  address: string;
  source: "deployment" | "factory";
  block: number;
  name: string;
  symbol: string;
  decimals: number;
  owner: string | null;
}

/** The logs of blocks fromBlock..toBlock, in chain order, and the hash of toBlock they were read against. */
export interface Batch {
  chainId: number;
  fromBlock: number;
  toBlock: number;
  toHash: string;
  logs: DecodedLog[];
  tokens: DiscoveredToken[];
}

export interface BatchHooks {
  /** Called inside the transaction after the raw rows are written: tests inject a crash here. */
  afterRawRows?: () => void | Promise<void>;
}

interface InvestorRecord {
  country: number;
  validUntil: string;
  flags: number;
  status: number;
  removed: boolean;
}

const keyOf = (log: DecodedLog) => `${log.log.transactionHash}:${log.log.logIndex}`;

/**
 * Writes one batch and moves the cursor in the caller's transaction, so a batch is in the index whole or not at all.
 * Raw rows are upserted by (transaction hash, log index) and only the rows that were new change balances, so
 * replaying logs never counts them twice.
 */
export async function writeBatch(tx: Queryable, batch: Batch, hooks: BatchHooks = {}): Promise<{ transfers: number; events: number }> {
  await insertTokens(tx, batch.tokens);

  const transferLogs = batch.logs.filter((l): l is TransferLog => l.kind === "transfer");
  const eventLogs = batch.logs.filter((l): l is ContractEventLog => l.kind === "event");
  const fresh = new Set<string>();
  if (transferLogs.length) {
    const { rows } = await tx.query<{ k: string }>(
      `insert into transfers (tx_hash, log_index, block_number, token, from_address, to_address, amount)
       select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::numeric[])
       on conflict (tx_hash, log_index) do nothing
       returning tx_hash || ':' || log_index as k`,
      columns(transferLogs, (t) => [t.log.transactionHash, t.log.logIndex, t.log.blockNumber, t.token, t.from, t.to, t.amount.toString()]),
    );
    for (const r of rows) fresh.add(r.k);
  }
  if (eventLogs.length) {
    const { rows } = await tx.query<{ k: string }>(
      `insert into contract_events (tx_hash, log_index, block_number, contract, event, args)
       select t.h, t.i, t.b, t.c, t.e, t.a::jsonb from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[]) as t(h, i, b, c, e, a)
       on conflict (tx_hash, log_index) do nothing
       returning tx_hash || ':' || log_index as k`,
      columns(eventLogs, (e) => [e.log.transactionHash, e.log.logIndex, e.log.blockNumber, e.contract, e.event, JSON.stringify(e.args)]),
    );
    for (const r of rows) fresh.add(r.k);
  }
  await hooks.afterRawRows?.();

  const logs = batch.logs.filter((l) => fresh.has(keyOf(l)));
  await applyLogs(tx, logs);
  await applyCertificateEvents(tx, logs);

  const blockHashes = new Map<number, string>([[batch.toBlock, batch.toHash]]);
  for (const l of batch.logs) blockHashes.set(l.log.blockNumber, l.log.blockHash);
  await tx.query(
    `insert into indexed_blocks (number, hash) select * from unnest($1::bigint[], $2::text[])
     on conflict (number) do update set hash = excluded.hash`,
    [[...blockHashes.keys()], [...blockHashes.values()]],
  );
  await tx.query(`update indexer_cursor set last_block = $2, last_hash = $3, updated_at = now() where chain_id = $1`, [
    batch.chainId, batch.toBlock, batch.toHash,
  ]);
  return { transfers: transferLogs.length, events: batch.logs.length };
}

/** Adds tokens to follow; a token the index already knows is left as it is. */
export async function insertTokens(tx: Queryable, tokens: DiscoveredToken[]): Promise<void> {
  if (tokens.length === 0) return;
  await tx.query(
    `insert into indexed_tokens (address, source, block_number, name, symbol, decimals, owner)
     select * from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[])
     on conflict (address) do nothing`,
    columns(tokens, (t) => [t.address, t.source, t.block, t.name, t.symbol, t.decimals, t.owner]),
  );
}

/** Applies new logs to balances, holder aggregates, wallet links and investor records. */
async function applyLogs(tx: Queryable, logs: DecodedLog[]): Promise<void> {
  if (logs.length === 0) return;
  const wallets = new Set<string>();
  const investors = new Set<string>();
  const tokens = new Set<string>();
  for (const l of logs) {
    if (l.kind === "transfer") {
      tokens.add(l.token);
      if (l.from !== ZERO) wallets.add(l.from);
      if (l.to !== ZERO) wallets.add(l.to);
    } else if (l.role === "registry") {
      investors.add(String(l.args.investorId));
      if (l.args.wallet) wallets.add(String(l.args.wallet));
    }
  }

  // Current state of everything this batch touches.
  interface Link { txHash: string; logIndex: number; wallet: string; investorId: string; fromBlock: number; toBlock: number | null; isNew: boolean }
  const openLink = new Map<string, Link>();
  for (const r of (await tx.query<{ tx_hash: string; log_index: number; wallet: string; investor_id: string; from_block: string }>(
    `select tx_hash, log_index, wallet, investor_id, from_block::text as from_block from wallet_links
     where to_block is null and (wallet = any($1::text[]) or investor_id = any($2::text[]))`, [[...wallets], [...investors]])).rows) {
    openLink.set(r.wallet, { txHash: r.tx_hash, logIndex: Number(r.log_index), wallet: r.wallet, investorId: r.investor_id, fromBlock: Number(r.from_block), toBlock: null, isNew: false });
    investors.add(r.investor_id);
    // Balances of wallets reached only through their investor (InvestorRemoved) are needed to move them.
    wallets.add(r.wallet);
  }

  const balances = new Map<string, bigint>();
  const tokensOfWallet = new Map<string, Set<string>>();
  const setBalance = (token: string, wallet: string, value: bigint) => {
    balances.set(`${token}|${wallet}`, value);
    let set = tokensOfWallet.get(wallet);
    if (!set) tokensOfWallet.set(wallet, (set = new Set()));
    set.add(token);
  };
  for (const r of (await tx.query<{ token: string; wallet: string; balance: string }>(
    `select token, wallet, balance::text as balance from token_balances where wallet = any($1::text[])`, [[...wallets]])).rows) {
    setBalance(r.token, r.wallet, BigInt(r.balance));
  }
  const holderOf = (wallet: string) => openLink.get(wallet)?.investorId ?? wallet;

  const holders = new Map<string, { balance: bigint; firstBlock: number }>();
  for (const r of (await tx.query<{ token: string; holder_key: string; balance: string; first_block: string }>(
    `select token, holder_key, balance::text as balance, first_block::text as first_block from holder_balances where holder_key = any($1::text[])`,
    [[...wallets, ...investors]])).rows) {
    holders.set(`${r.token}|${r.holder_key}`, { balance: BigInt(r.balance), firstBlock: Number(r.first_block) });
  }
  const supplies = new Map<string, bigint>();
  for (const r of (await tx.query<{ address: string; total_supply: string }>(
    `select address, total_supply::text as total_supply from indexed_tokens where address = any($1::text[])`, [[...tokens]])).rows) {
    supplies.set(r.address, BigInt(r.total_supply));
  }
  const records = new Map<string, InvestorRecord>();
  for (const r of (await tx.query<{ investor_id: string; country: number; valid_until: string; flags: number; status: number; removed: boolean }>(
    `select distinct on (investor_id) investor_id, country, valid_until::text as valid_until, flags, status, removed
     from investor_records where investor_id = any($1::text[]) order by investor_id, block_number desc, log_index desc`, [[...investors]])).rows) {
    records.set(r.investor_id, { country: Number(r.country), validUntil: r.valid_until, flags: Number(r.flags), status: Number(r.status), removed: r.removed });
  }

  // Per-block results: the last write for a key in a block is its balance after that block.
  const walletChanges = new Map<string, { token: string; wallet: string; block: number; delta: bigint; after: bigint }>();
  const holderChanges = new Map<string, { token: string; holder: string; block: number; delta: bigint; after: bigint }>();
  const supplyChanges = new Map<string, { token: string; block: number; supply: bigint }>();
  const touchedLinks: Link[] = [];
  const newRecords: (InvestorRecord & { txHash: string; logIndex: number; block: number; investorId: string })[] = [];

  const moveWallet = (token: string, wallet: string, block: number, delta: bigint) => {
    const after = (balances.get(`${token}|${wallet}`) ?? 0n) + delta;
    setBalance(token, wallet, after);
    const k = `${token}|${wallet}|${block}`;
    const change = walletChanges.get(k);
    if (change) {
      change.delta += delta;
      change.after = after;
    } else walletChanges.set(k, { token, wallet, block, delta, after });
  };
  const moveHolder = (token: string, holder: string, block: number, delta: bigint) => {
    const current = holders.get(`${token}|${holder}`) ?? { balance: 0n, firstBlock: block };
    current.balance += delta;
    holders.set(`${token}|${holder}`, current);
    const k = `${token}|${holder}|${block}`;
    const change = holderChanges.get(k);
    if (change) {
      change.delta += delta;
      change.after = current.balance;
    } else holderChanges.set(k, { token, holder, block, delta, after: current.balance });
  };
  /** A wallet changes hands between holders: its balance in every token counts for the new holder from now on. */
  const reattribute = (wallet: string, fromHolder: string, toHolder: string, block: number) => {
    if (fromHolder === toHolder) return;
    for (const token of tokensOfWallet.get(wallet) ?? []) {
      const balance = balances.get(`${token}|${wallet}`) ?? 0n;
      if (balance === 0n) continue;
      moveHolder(token, fromHolder, block, -balance);
      moveHolder(token, toHolder, block, balance);
    }
  };
  const closeLink = (wallet: string, block: number) => {
    const link = openLink.get(wallet);
    if (!link) return;
    link.toBlock = block;
    openLink.delete(wallet);
    touchedLinks.push(link);
    reattribute(wallet, link.investorId, wallet, block);
  };

  for (const l of logs) {
    const block = l.log.blockNumber;
    if (l.kind === "transfer") {
      if (l.from !== ZERO) {
        moveWallet(l.token, l.from, block, -l.amount);
        moveHolder(l.token, holderOf(l.from), block, -l.amount);
      }
      if (l.to !== ZERO) {
        moveWallet(l.token, l.to, block, l.amount);
        moveHolder(l.token, holderOf(l.to), block, l.amount);
      }
      if (l.from === ZERO || l.to === ZERO) {
        const supply = (supplies.get(l.token) ?? 0n) + (l.from === ZERO ? l.amount : 0n) - (l.to === ZERO ? l.amount : 0n);
        supplies.set(l.token, supply);
        supplyChanges.set(`${l.token}|${block}`, { token: l.token, block, supply });
      }
      continue;
    }
    if (l.role !== "registry") continue;
    const investorId = String(l.args.investorId);
    const previous = records.get(investorId);
    let record: InvestorRecord | undefined;
    switch (l.event) {
      case "InvestorRegistered":
        record = { country: Number(l.args.country), validUntil: String(l.args.kycValidUntil), flags: Number(l.args.flags), status: 1, removed: false };
        break;
      case "InvestorUpdated":
        record = { status: previous?.status ?? 1, removed: false, country: Number(l.args.country), validUntil: String(l.args.kycValidUntil), flags: Number(l.args.flags) };
        break;
      case "InvestorStatusChanged":
        record = { ...(previous ?? { country: 0, validUntil: "0", flags: 0, removed: false }), status: Number(l.args.status) };
        break;
      case "InvestorRemoved":
        record = { ...(previous ?? { country: 0, validUntil: "0", flags: 0 }), status: 0, removed: true };
        for (const link of [...openLink.values()]) if (link.investorId === investorId) closeLink(link.wallet, block);
        break;
      case "WalletAdded": {
        const wallet = String(l.args.wallet);
        closeLink(wallet, block);
        const link: Link = { txHash: l.log.transactionHash, logIndex: l.log.logIndex, wallet, investorId, fromBlock: block, toBlock: null, isNew: true };
        openLink.set(wallet, link);
        touchedLinks.push(link);
        reattribute(wallet, wallet, investorId, block);
        break;
      }
      case "WalletRemoved":
        closeLink(String(l.args.wallet), block);
        break;
    }
    if (record) {
      records.set(investorId, record);
      newRecords.push({ ...record, txHash: l.log.transactionHash, logIndex: l.log.logIndex, block, investorId });
    }
  }

  const wc = [...walletChanges.values()];
  if (wc.length) {
    await tx.query(
      `insert into balance_changes (token, wallet, block_number, delta, balance_after)
       select * from unnest($1::text[], $2::text[], $3::bigint[], $4::numeric[], $5::numeric[])
       on conflict (token, wallet, block_number) do update set delta = excluded.delta, balance_after = excluded.balance_after`,
      columns(wc, (c) => [c.token, c.wallet, c.block, c.delta.toString(), c.after.toString()]),
    );
    const finals = new Map(wc.map((c) => [`${c.token}|${c.wallet}`, c]));
    await tx.query(
      `insert into token_balances (token, wallet, balance) select * from unnest($1::text[], $2::text[], $3::numeric[])
       on conflict (token, wallet) do update set balance = excluded.balance`,
      columns([...finals.values()], (c) => [c.token, c.wallet, c.after.toString()]),
    );
  }
  const hc = [...holderChanges.values()];
  if (hc.length) {
    await tx.query(
      `insert into holder_balance_changes (token, holder_key, block_number, delta, balance_after)
       select * from unnest($1::text[], $2::text[], $3::bigint[], $4::numeric[], $5::numeric[])
       on conflict (token, holder_key, block_number) do update set delta = excluded.delta, balance_after = excluded.balance_after`,
      columns(hc, (c) => [c.token, c.holder, c.block, c.delta.toString(), c.after.toString()]),
    );
    const finals = new Map(hc.map((c) => [`${c.token}|${c.holder}`, c]));
    await tx.query(
      `insert into holder_balances (token, holder_key, balance, first_block)
       select * from unnest($1::text[], $2::text[], $3::numeric[], $4::bigint[])
       on conflict (token, holder_key) do update set balance = excluded.balance, first_block = least(holder_balances.first_block, excluded.first_block)`,
      columns([...finals.values()], (c) => [c.token, c.holder, c.after.toString(), holders.get(`${c.token}|${c.holder}`)!.firstBlock]),
    );
  }
  const sc = [...supplyChanges.values()];
  if (sc.length) {
    await tx.query(
      `insert into token_supply_changes (token, block_number, total_supply) select * from unnest($1::text[], $2::bigint[], $3::numeric[])
       on conflict (token, block_number) do update set total_supply = excluded.total_supply`,
      columns(sc, (c) => [c.token, c.block, c.supply.toString()]),
    );
    await tx.query(
      `update indexed_tokens t set total_supply = s.supply from unnest($1::text[], $2::numeric[]) as s(token, supply) where t.address = s.token`,
      [[...supplies.keys()], [...supplies.values()].map(String)],
    );
  }
  const links = [...new Set(touchedLinks)];
  const inserted = links.filter((l) => l.isNew);
  if (inserted.length) {
    await tx.query(
      `insert into wallet_links (tx_hash, log_index, wallet, investor_id, from_block, to_block)
       select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
       on conflict (tx_hash, log_index) do update set to_block = excluded.to_block`,
      columns(inserted, (l) => [l.txHash, l.logIndex, l.wallet, l.investorId, l.fromBlock, l.toBlock]),
    );
  }
  const closed = links.filter((l) => !l.isNew);
  if (closed.length) {
    await tx.query(
      `update wallet_links w set to_block = c.to_block from unnest($1::text[], $2::int[], $3::bigint[]) as c(tx_hash, log_index, to_block)
       where w.tx_hash = c.tx_hash and w.log_index = c.log_index`,
      columns(closed, (l) => [l.txHash, l.logIndex, l.toBlock]),
    );
  }
  if (newRecords.length) {
    await tx.query(
      `insert into investor_records (tx_hash, log_index, block_number, investor_id, country, valid_until, flags, status, removed)
       select * from unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::int[], $6::bigint[], $7::int[], $8::int[], $9::boolean[])
       on conflict (tx_hash, log_index) do nothing`,
      columns(newRecords, (r) => [r.txHash, r.logIndex, r.block, r.investorId, r.country, r.validUntil, r.flags, r.status, r.removed]),
    );
  }
}

/** Turns rows into one array per column, for `unnest($1::type[], ...)`: one statement per table per batch. */
function columns<T>(rows: T[], pick: (row: T) => unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (const row of rows) {
    const values = pick(row);
    values.forEach((v, i) => (out[i] ??= []).push(v));
  }
  return out;
}
