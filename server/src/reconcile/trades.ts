import { parseAbi, type Address } from "viem";
import { logKey, logsOf, lower, readEach, type DecodedLog } from "./chain-reads.ts";
import { areaReport, contractAddress, type AreaReport, type ReconcileContext } from "./types.ts";

const settlementAbi = parseAbi([
  "function filledAmount(bytes32 orderHash) view returns (uint256)",
  "function isNonceUsed(address maker, uint256 nonce) view returns (bool)",
  "event TradeExecuted(bytes32 indexed makerOrderHash, bytes32 indexed takerOrderHash, address indexed token, address buyer, address seller, address cashToken, uint256 amount, uint256 price, uint256 cash, uint256 fee)",
]);
const tradeEvent = settlementAbi.filter((item) => item.type === "event");

type Area = ReturnType<typeof areaReport>;
interface OrderRow { hash: string; maker: Address; amount: string; filled: string; nonce: string; status: string }
interface TradeRow {
  id: string; maker_hash: string; taker_hash: string; price: string; amount: string; cash: string; status: string;
  tx_hash: string | null; block_number: string | null; outbox_tx: string | null;
}

/**
 * Trades and fills, at the head: each confirmed trade in the database is one TradeExecuted of the Settlement in its
 * transaction, with the same order hashes, amount, price and cash, and no fill stands for two trades; every fill of a
 * platform order on chain is a confirmed trade; each order's filled amount is the contract's (filledAmount, or its
 * whole amount when a single trade used its nonce), and an order still open in the database is not void on chain.
 */
export async function reconcileTrades(ctx: ReconcileContext): Promise<AreaReport> {
  const a = areaReport("trades and fills", ctx.head);
  const settlement = contractAddress(ctx, "Settlement");
  if (!settlement) {
    a.note("no Settlement in the deployment");
    return a.done();
  }
  const [orders, trades, logs] = await Promise.all([
    ctx.db.query<OrderRow>(`select lower(hash) as hash, maker, amount::text as amount, filled::text as filled, nonce::text as nonce, status
      from market_orders where lower(settlement) = $1 order by sequence`, [lower(settlement.address)]),
    ctx.db.query<TradeRow>(`select t.id::text as id, lower(t.maker_hash) as maker_hash, lower(t.taker_hash) as taker_hash, t.price::text as price,
        t.amount::text as amount, t.cash::text as cash, t.status, lower(t.tx_hash) as tx_hash, t.block_number::text as block_number, lower(o.tx_hash) as outbox_tx
      from market_trades t left join outbox_entries o on o.id = t.outbox_entry_id order by t.id`),
    logsOf(ctx, settlement.address, tradeEvent, settlement.block, ctx.head),
  ]);
  const ours = new Set(orders.rows.map((o) => o.hash));
  const matched = matchTrades(a, trades.rows, logs);
  const pendingHashes = new Set<string>();
  for (const t of trades.rows) if (t.status === "pending") pendingHashes.add(t.maker_hash).add(t.taker_hash);
  let outside = 0;
  for (const log of logs) {
    if (matched.has(logKey(log))) continue;
    const maker = lower(log.args.makerOrderHash);
    const taker = lower(log.args.takerOrderHash);
    if (!ours.has(maker) && !ours.has(taker)) {
      outside += 1;
      continue;
    }
    a.check();
    const pending = trades.rows.find((t) => t.status === "pending" && t.outbox_tx === lower(log.transactionHash) && t.maker_hash === maker && t.taker_hash === taker);
    const detail = `TradeExecuted ${logKey(log)} at block ${log.blockNumber}: ${log.args.amount} at ${log.args.price}, maker ${maker}, taker ${taker}`;
    if (pending) a.later("trade.pending", `trade ${pending.id}`, `${detail}; the trade is still pending in the database`);
    else a.differ("fill.unrecorded", `order ${ours.has(maker) ? maker : taker}`, `${detail}; no confirmed trade in the database`);
  }
  if (outside) a.note(`${outside} fill(s) on chain of orders the platform does not hold (filled directly with the Settlement)`);
  await compareOrders(ctx, a, settlement.address, orders.rows, logs, pendingHashes);
  return a.done();
}

/** Pairs each confirmed trade with its fill; returns the keys of the fills paired. */
function matchTrades(a: Area, trades: TradeRow[], logs: DecodedLog[]): Set<string> {
  const byTx = new Map<string, DecodedLog[]>();
  for (const log of logs) {
    const tx = lower(log.transactionHash);
    byTx.set(tx, [...(byTx.get(tx) ?? []), log]);
  }
  const used = new Map<string, string>();
  for (const t of trades) {
    if (t.status !== "confirmed") continue;
    a.check();
    const subject = `trade ${t.id}`;
    const candidates = (byTx.get(t.tx_hash ?? "") ?? []).filter((l) => lower(l.args.makerOrderHash) === t.maker_hash && lower(l.args.takerOrderHash) === t.taker_hash);
    if (candidates.length === 0) {
      a.differ("trade.not-on-chain", subject, `confirmed in the database (tx ${t.tx_hash}), no TradeExecuted of maker ${t.maker_hash} and taker ${t.taker_hash} in that transaction`);
      continue;
    }
    const log = candidates.find((l) => !used.has(logKey(l)));
    if (!log) {
      a.differ("trade.confirmed-twice", subject, `its fill ${logKey(candidates[0]!)} is already trade ${used.get(logKey(candidates[0]!))}'s`);
      continue;
    }
    used.set(logKey(log), t.id);
    const fields = { amount: [t.amount, log.args.amount], price: [t.price, log.args.price], cash: [t.cash, log.args.cash], block: [t.block_number, log.blockNumber] } as const;
    for (const [name, [mine, theirs]] of Object.entries(fields)) {
      if (String(mine) !== String(theirs)) a.differ(`trade.${name}`, subject, `${name}: database ${mine}, chain ${theirs} (${logKey(log)})`);
    }
  }
  return new Set(used.keys());
}

/** Each order's filled amount and whether it can still fill, against the Settlement's state at the head. */
async function compareOrders(ctx: ReconcileContext, a: Area, settlement: Address, orders: OrderRow[], logs: DecodedLog[], pending: Set<string>) {
  const at = { address: settlement, abi: settlementAbi } as const;
  const [filled, used] = await Promise.all([
    readEach<OrderRow, bigint>(ctx, orders, (o) => ({ ...at, functionName: "filledAmount", args: [o.hash as `0x${string}`] }), ctx.head),
    readEach<OrderRow, boolean>(ctx, orders, (o) => ({ ...at, functionName: "isNonceUsed", args: [o.maker, BigInt(o.nonce)] }), ctx.head),
  ]);
  const fills = new Map<string, bigint[]>();
  for (const log of logs) {
    for (const hash of [lower(log.args.makerOrderHash), lower(log.args.takerOrderHash)]) fills.set(hash, [...(fills.get(hash) ?? []), log.args.amount as bigint]);
  }
  orders.forEach((o, i) => {
    a.check();
    const amounts = fills.get(o.hash) ?? [];
    // An order filled whole by one trade uses its nonce and keeps 0 in filledAmount.
    const wholeInOne = filled[i] === 0n && used[i] && amounts.length === 1 && amounts[0] === BigInt(o.amount);
    const onChain = wholeInOne ? BigInt(o.amount) : filled[i]!;
    const found = pending.has(o.hash) ? a.later : a.differ;
    const subject = `order ${o.hash}`;
    if (BigInt(o.filled) !== onChain) found("order.filled", subject, `filled: database ${o.filled}, Settlement ${onChain} (of ${o.amount})`);
    const events = amounts.reduce((sum, x) => sum + x, 0n);
    if (events !== onChain) a.differ("order.fill-events", subject, `the Settlement's state says ${onChain} filled, its TradeExecuted events ${events}`);
    if (o.status === "open" && used[i] && !wholeInOne) found("order.void-on-chain", subject, `open in the database, its nonce ${o.nonce} is used on chain (cancelled outside the platform)`);
  });
}
