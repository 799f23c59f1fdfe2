import { getAddress, isAddress, isHex, zeroAddress, type Address, type Hex } from "viem";
import { cashFor, orderHash, type MarketOrder } from "../../../lib/market/order.ts";
import { keccak256Native } from "../crypto/keccak.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { MarketChain } from "./market-chain.ts";
import { filledOf, MAX_EXPIRY, MAX_ORDER_VALUE, signedOrderOf, type OrderRow } from "./market-orders.ts";
import type { MarketSettings } from "./market-settings.ts";

/** The order as the API receives it: the signed fields (side 0 buy, 1 sell; taker null for anyone). */
export interface OrderInput {
  maker: Address;
  side: number;
  token: Address;
  cashToken: Address;
  amount: bigint;
  price: bigint;
  nonce: bigint;
  expiry: bigint;
  taker?: Address | null;
}

/** An order that passed every check of `validate`, with what the chain said of its maker's funds. */
export interface CheckedOrder {
  order: MarketOrder;
  hash: Hex;
  settings: MarketSettings;
  funds: Funds;
}

/** What the maker can commit to orders on one side: tokens it may transfer (sell) or cash it holds (buy), and the allowances to the Settlement. */
interface Funds {
  held: bigint;
  allowance: bigint;
}

/**
 * The order intake: everything a signed order must pass before it is stored (shape, market settings, signature,
 * nonce, halt, the token's rules for the maker, funding), and its storage. The checks are split in two so that
 * placements run side by side: `validate` (signature, chain reads) runs for many orders at once; `admit` (the
 * database's side: order already stored, nonce taken, the maker's open orders plus this one against the funds read
 * by `validate`) runs in the market's queue right before the order is stored, so no two placements of a maker can
 * both count on the same funds.
 */
export function createOrderIntake(options: { db: Database; reads: MarketChain; settings: { get(token: Address): Promise<MarketSettings | null> } }) {
  const { db, reads, settings } = options;

  /** The maker's funds for `order`'s side, read from the chain now. */
  async function fundsOf(order: MarketOrder): Promise<Funds> {
    const asset = order.side === 1 ? order.token : order.cashToken;
    const [held, allowance] = await Promise.all([
      order.side === 1 ? reads.spendable(order.token, order.maker) : reads.balanceOf(order.cashToken, order.maker),
      reads.allowanceToSettlement(asset, order.maker),
    ]);
    return { held, allowance };
  }

  /**
   * In one statement: the stored orders that are `order` or use its nonce, and what the maker's open orders on the
   * side of `order`'s token (but `except`) commit: the unfilled amount of its sell orders, or the cash of its buy
   * orders (each rounded up, as `cashFor`), summed in the database.
   */
  async function storedAndCommitted(q: Queryable, order: MarketOrder, hash: Hex | null, except: Hex | null): Promise<{ stored: string[]; committed: bigint }> {
    // A buy order's cash per order, rounded up: its token's unit is the last parameter, only then.
    const buy = order.side === 0;
    const perOrder = buy ? "div((amount - filled - external_filled) * price + $8::numeric - 1, $8::numeric)" : "amount - filled - external_filled";
    const { rows } = await q.query<{ stored: string[] | null; committed: string }>(
      `select
         (select array_agg(hash) from market_orders where hash = $5::text or (settlement = $6 and maker = $1 and nonce = $7::numeric)) as stored,
         (select coalesce(sum(${perOrder}), 0)::text from market_orders
           where maker = $1 and token = $2 and side = $3 and status = 'open' and ($4::text is null or hash <> $4::text)) as committed`,
      [order.maker, order.token, order.side, except, hash, reads.settlement(), order.nonce.toString(),
        ...(buy ? [(10n ** BigInt(await reads.decimals(order.token))).toString()] : [])],
    );
    return { stored: rows[0]!.stored ?? [], committed: BigInt(rows[0]!.committed) };
  }

  /** Why `funds` cannot cover `remaining` more of `order` on top of `others` (what the maker's other open orders commit), or null. */
  async function shortfall(order: MarketOrder, remaining: bigint, others: bigint, funds: Funds): Promise<FolioError | null> {
    if (order.side === 1) {
      const needed = others + remaining;
      if (funds.held < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker can transfer ${funds.held} token units now (not frozen, not locked); its open sell orders need ${needed}`);
      if (funds.allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${funds.allowance} token units; its open sell orders need ${needed}`, { hint: "approve the Settlement contract on the security token" });
      return null;
    }
    const needed = others + cashFor(remaining, order.price, await reads.decimals(order.token), true);
    if (funds.held < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker holds ${funds.held} cash units; its open buy orders need ${needed}`);
    if (funds.allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${funds.allowance} cash units; its open buy orders need ${needed}`, { hint: "approve the Settlement contract on the cash token" });
    return null;
  }

  /**
   * Why `maker` cannot fund `remaining` more of an order now, counting what its other open orders on the same side
   * of the token already commit, or null. Sell: spendable security tokens (not frozen, not locked) and their
   * allowance to the Settlement; buy: cash for amount at price rounded up, and its allowance.
   */
  async function fundingProblem(order: MarketOrder, remaining: bigint, except: Hex | null): Promise<FolioError | null> {
    const [{ committed: others }, funds] = await Promise.all([storedAndCommitted(db, order, null, except), fundsOf(order)]);
    return shortfall(order, remaining, others, funds);
  }

  /**
   * `fundingProblem` of many stored open orders at once (a review of the orders a bid crosses, or of the whole book):
   * what each maker's open orders commit is summed per maker, token and side in one statement, and each order's own
   * part taken off; the chain reads travel together (market-chain.ts). In the order of `rows`.
   */
  async function fundingProblems(rows: OrderRow[]): Promise<(FolioError | null)[]> {
    if (!rows.length) return [];
    const orders = rows.map(signedOrderOf);
    const tokens = [...new Set(orders.map((o) => getAddress(o.token)))];
    const decimals = new Map(await Promise.all(tokens.map(async (t) => [t, await reads.decimals(t)] as const)));
    const { rows: totals } = await db.query<{ maker: Address; token: Address; side: number; committed: string }>(
      `select o.maker, o.token, o.side, sum(case when o.side = 1 then o.amount - o.filled - o.external_filled
                                                 else div((o.amount - o.filled - o.external_filled) * o.price + u.unit - 1, u.unit) end)::text as committed
       from market_orders o join unnest($1::text[], $2::numeric[]) as u(token, unit) on o.token = u.token
       where o.status = 'open' and o.maker = any($3::text[]) group by o.maker, o.token, o.side`,
      [tokens, tokens.map((t) => (10n ** BigInt(decimals.get(t)!)).toString()), [...new Set(orders.map((o) => o.maker))]],
    );
    const key = (maker: string, token: string, side: number) => `${getAddress(maker)}/${getAddress(token)}/${side}`;
    const committed = new Map(totals.map((t) => [key(t.maker, t.token, t.side), BigInt(t.committed)]));
    return Promise.all(rows.map(async (row, i) => {
      const order = orders[i]!;
      const left = order.amount - filledOf(row);
      // The order's own part of the sum, exactly as the statement counts it.
      const own = row.status !== "open" ? 0n : order.side === 1 ? left : cashFor(left, order.price, decimals.get(getAddress(order.token))!, true);
      return shortfall(order, left, (committed.get(key(order.maker, order.token, order.side)) ?? 0n) - own, await fundsOf(order));
    }));
  }

  /**
   * Checks everything about a signed order but the book and the database (see `admit`); returns it normalised with
   * its hash and the maker's funds as read with the other views. `marketOf` reads the token's market settings (a
   * batch reads each token's once).
   */
  async function validate(maker: Address, input: OrderInput, signature: string, marketOf: (token: Address) => Promise<MarketSettings | null> = settings.get): Promise<CheckedOrder> {
    const order = normalise(input);
    if (order.maker !== maker) throw new FolioError("MARKET_MAKER_NOT_SIGNED_IN", "The order's maker must be the signed-in wallet");
    if (!isHex(signature, { strict: true }) || signature.length < 4) throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature must be 0x-prefixed hex");
    const market = await marketOf(order.token);
    if (!market || !market.enabled) throw new FolioError("MARKET_NOT_OPEN", `There is no open market for token ${order.token}`, { hint: "the token's owner, or an agent of it holding RULES, opens it with setMarketSettings" });
    if (market.cashToken !== order.cashToken) throw new FolioError("MARKET_WRONG_CASH_TOKEN", `Token ${order.token} trades against ${market.cashToken}`);
    if (order.amount % market.lotSize !== 0n) throw new FolioError("MARKET_AMOUNT_OFF_LOT", `The amount must be a multiple of the lot size ${market.lotSize}`);
    if (order.price % market.tickSize !== 0n) throw new FolioError("MARKET_PRICE_OFF_TICK", `The price must be a multiple of the tick size ${market.tickSize}`);
    const hash = orderHash(order, reads.chainId, reads.settlement(), keccak256Native);
    if (!(await reads.verifySignature(order, signature, hash))) {
      throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature is not the maker's over this order for this chain and Settlement contract");
    }
    // Every view in one go: they travel in one multicall with other placements' (market-chain.ts).
    const [now, nonceUsed, halted, allowed, funds] = await Promise.all([
      reads.chainTime(),
      reads.isNonceUsed(order.maker, order.nonce),
      reads.isTradingHalted(order.token),
      order.side === 1 ? reads.canSend(order.token, order.maker) : reads.canReceive(order.token, order.maker),
      fundsOf(order),
    ]);
    if (order.expiry <= now) throw new FolioError("MARKET_ORDER_EXPIRED", `The order expired at ${order.expiry} (chain time ${now})`);
    if (nonceUsed) throw nonceTaken(order);
    if (halted) throw new FolioError("MARKET_TRADING_HALTED", `Trading of ${order.token} is halted by its agent`);
    if (!allowed) throw new FolioError("MARKET_TRANSFER_NOT_ALLOWED", `The token does not let this wallet ${order.side === 1 ? "send" : "receive"} it now`);
    return { order, hash, settings: market, funds };
  }

  /**
   * The checks against the stored orders, where no other placement can be stored meanwhile (the market's queue):
   * each order is not stored yet, its nonce is free, and the funds `validate` read cover it on top of its maker's
   * open orders and of the orders before it in `checked`. Without this step two placements running side by side
   * could count on the same funds. Any makers' orders, in the order they are to be stored (the batches waiting in
   * the queue go together): two statements for all of them; the answer per order is null (admitted) or why not.
   */
  async function admitMany(checked: CheckedOrder[], q: Queryable = db): Promise<(FolioError | null)[]> {
    if (!checked.length) return [];
    const tokens = [...new Set(checked.map((c) => c.order.token))];
    const units = await Promise.all(tokens.map(async (t) => (10n ** BigInt(await reads.decimals(t))).toString()));
    const [stored, committed] = await Promise.all([
      q.query<{ hash: Hex; maker: Address; nonce: string }>(
        `select hash, maker, nonce::text from market_orders
         where hash = any($1::text[]) or (settlement = $2 and (maker, nonce) in (select * from unnest($3::text[], $4::numeric[])))`,
        [checked.map((c) => c.hash), reads.settlement(), checked.map((c) => c.order.maker), checked.map((c) => c.order.nonce.toString())],
      ),
      // What each maker's open orders commit per token and side: the unfilled amount of a sell, the cash of a buy
      // (rounded up per order, as `cashFor`), summed in the database.
      q.query<{ maker: Address; token: Address; side: number; committed: string }>(
        `select o.maker, o.token, o.side, sum(case when o.side = 1 then o.amount - o.filled - o.external_filled
                                                 else div((o.amount - o.filled - o.external_filled) * o.price + u.unit - 1, u.unit) end)::text as committed
         from market_orders o join unnest($2::text[], $3::numeric[]) as u(token, unit) on o.token = u.token
         where o.maker = any($1::text[]) and o.status = 'open' group by o.maker, o.token, o.side`,
        [[...new Set(checked.map((c) => c.order.maker))], tokens, units],
      ),
    ]);
    const nonceKey = (maker: string, nonce: bigint | string) => `${maker.toLowerCase()}/${nonce}`;
    const hashes = new Set(stored.rows.map((r) => r.hash));
    const nonces = new Set(stored.rows.map((r) => nonceKey(r.maker, r.nonce)));
    const tallyKey = (maker: string, token: string, side: number) => `${maker.toLowerCase()}/${token.toLowerCase()}/${side}`;
    const tally = new Map(committed.rows.map((r) => [tallyKey(r.maker, r.token, r.side), BigInt(r.committed)]));
    const answers: (FolioError | null)[] = [];
    for (const c of checked) {
      const { order, hash } = c;
      const key = tallyKey(order.maker, order.token, order.side);
      const others = tally.get(key) ?? 0n;
      const nonce = nonceKey(order.maker, order.nonce);
      const problem = hashes.has(hash) ? alreadyPlaced() : nonces.has(nonce) ? nonceTaken(order) : await shortfall(order, order.amount, others, c.funds);
      answers.push(problem);
      if (problem) continue;
      hashes.add(hash);
      nonces.add(nonce);
      tally.set(key, others + (order.side === 1 ? order.amount : cashFor(order.amount, order.price, await reads.decimals(order.token), true)));
    }
    return answers;
  }

  /**
   * Stores validated orders with the next sequences (their time priority, in the given order) in one statement;
   * `booked` false leaves them for the leader. The rows come back in the given order.
   */
  async function insertOrders(tx: Queryable, orders: { order: MarketOrder; hash: Hex; signature: string }[], booked: boolean): Promise<OrderRow[]> {
    const column = (pick: (o: MarketOrder) => string | number) => orders.map(({ order }) => pick(order));
    const { rows } = await tx.query<OrderRow>(
      `insert into market_orders (hash, settlement, maker, side, token, cash_token, amount, price, nonce, expiry, taker, signature, status, sequence, booked)
       select hash, $1, maker, side, token, cash_token, amount, price, nonce, expiry, taker, signature, 'open', nextval('market_order_sequence'), $2
       from (select * from unnest($3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[], $13::text[])
               with ordinality as o(hash, maker, side, token, cash_token, amount, price, nonce, expiry, taker, signature, n)
             order by n) as ordered
       returning *`,
      [reads.settlement(), booked, orders.map((o) => o.hash), column((o) => o.maker), column((o) => o.side), column((o) => o.token), column((o) => o.cashToken),
        column((o) => o.amount.toString()), column((o) => o.price.toString()), column((o) => o.nonce.toString()), column((o) => o.expiry.toString()),
        column((o) => o.taker), orders.map((o) => o.signature.toLowerCase())],
    );
    const byHash = new Map(rows.map((r) => [r.hash, r]));
    return orders.map((o) => byHash.get(o.hash)!);
  }

  /** Stores one validated order (see `insertOrders`). */
  async function insertOrder(tx: Queryable, order: MarketOrder, hash: Hex, signature: string, booked: boolean): Promise<OrderRow> {
    return (await insertOrders(tx, [{ order, hash, signature }], booked))[0]!;
  }

  return { validate, admitMany, fundingProblem, fundingProblems, insertOrder, insertOrders };
}

const alreadyPlaced = () => new FolioError("MARKET_ORDER_EXISTS", "This signed order was already placed");
const nonceTaken = (order: MarketOrder) =>
  new FolioError("MARKET_NONCE_USED", `Nonce ${order.nonce} of this maker is used or cancelled`, { hint: "sign the order again with a new nonce" });

export type OrderIntake = ReturnType<typeof createOrderIntake>;

/** Checks the shape and limits of an order's fields; addresses come back checksummed. */
export function normalise(input: OrderInput): MarketOrder {
  const address = (value: unknown, field: string): Address => {
    if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new FolioError("MARKET_INVALID_ORDER", `${field} must be an address`);
    return getAddress(value);
  };
  const positive = (value: unknown, field: string, code: string): bigint => {
    if (typeof value !== "bigint" || value <= 0n || value > MAX_ORDER_VALUE) throw new FolioError(code, `${field} must be from 1 to ${MAX_ORDER_VALUE}`);
    return value;
  };
  if (input.side !== 0 && input.side !== 1) throw new FolioError("MARKET_INVALID_ORDER", "side must be 0 (buy) or 1 (sell)");
  if (typeof input.nonce !== "bigint" || input.nonce < 0n || input.nonce >= 2n ** 256n) throw new FolioError("MARKET_INVALID_ORDER", "nonce must be a uint256");
  if (typeof input.expiry !== "bigint" || input.expiry > MAX_EXPIRY) throw new FolioError("MARKET_INVALID_ORDER", "expiry must be a uint64 (Unix seconds)");
  return {
    maker: address(input.maker, "maker"),
    side: input.side,
    token: address(input.token, "token"),
    cashToken: address(input.cashToken, "cashToken"),
    amount: positive(input.amount, "amount", "MARKET_INVALID_AMOUNT"),
    price: positive(input.price, "price", "MARKET_INVALID_PRICE"),
    nonce: input.nonce,
    expiry: input.expiry,
    taker: input.taker ? address(input.taker, "taker") : zeroAddress,
  };
}
