import { getAddress, isAddress, isHex, zeroAddress, type Address, type Hex } from "viem";
import { cashFor, orderHash, type MarketOrder } from "../../../lib/market/order.ts";
import type { Database, Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import type { MarketChain } from "./market-chain.ts";
import { filledOf, MAX_EXPIRY, MAX_ORDER_VALUE, type OrderRow } from "./market-orders.ts";
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

/**
 * The order intake: everything a signed order must pass before it is stored (shape, market settings, signature,
 * nonce, halt, the token's rules for the maker, funding), and its storage.
 */
export function createOrderIntake(options: { db: Database; reads: MarketChain; settings: { get(token: Address): Promise<MarketSettings | null> } }) {
  const { db, reads, settings } = options;

  /**
   * Why `maker` cannot fund `remaining` more of an order now, counting what its other open orders on the same side
   * of the token already commit, or null. Sell: spendable security tokens (not frozen, not locked) and their
   * allowance to the Settlement; buy: cash for amount at price rounded up, and its allowance.
   */
  async function fundingProblem(order: MarketOrder, remaining: bigint, except: Hex | null): Promise<FolioError | null> {
    const { rows } = await db.query<OrderRow>(
      `select * from market_orders where maker = $1 and token = $2 and side = $3 and status = 'open' and ($4::text is null or hash <> $4::text)`,
      [order.maker, order.token, order.side, except],
    );
    const decimals = await reads.decimals(order.token);
    if (order.side === 1) {
      const needed = rows.reduce((sum, r) => sum + BigInt(r.amount) - filledOf(r), remaining);
      const [spendable, allowance] = await Promise.all([reads.spendable(order.token, order.maker), reads.allowanceToSettlement(order.token, order.maker)]);
      if (spendable < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker can transfer ${spendable} token units now (not frozen, not locked); its open sell orders need ${needed}`);
      if (allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${allowance} token units; its open sell orders need ${needed}`, { hint: "approve the Settlement contract on the security token" });
      return null;
    }
    const cashOf = (amount: bigint, price: bigint) => cashFor(amount, price, decimals, true);
    const needed = rows.reduce((sum, r) => sum + cashOf(BigInt(r.amount) - filledOf(r), BigInt(r.price)), cashOf(remaining, order.price));
    const [balance, allowance] = await Promise.all([reads.balanceOf(order.cashToken, order.maker), reads.allowanceToSettlement(order.cashToken, order.maker)]);
    if (balance < needed) return new FolioError("MARKET_INSUFFICIENT_BALANCE", `The maker holds ${balance} cash units; its open buy orders need ${needed}`);
    if (allowance < needed) return new FolioError("MARKET_INSUFFICIENT_ALLOWANCE", `The maker allows the Settlement ${allowance} cash units; its open buy orders need ${needed}`, { hint: "approve the Settlement contract on the cash token" });
    return null;
  }

  /** Checks everything about a signed order but the book; returns it normalised with its hash. */
  async function validate(maker: Address, input: OrderInput, signature: string): Promise<{ order: MarketOrder; hash: Hex; settings: MarketSettings }> {
    const order = normalise(input);
    if (order.maker !== maker) throw new FolioError("MARKET_MAKER_NOT_SIGNED_IN", "The order's maker must be the signed-in wallet");
    if (!isHex(signature, { strict: true }) || signature.length < 4) throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature must be 0x-prefixed hex");
    const market = await settings.get(order.token);
    if (!market || !market.enabled) throw new FolioError("MARKET_NOT_OPEN", `There is no open market for token ${order.token}`, { hint: "the token's owner or agent opens it with setMarketSettings" });
    if (market.cashToken !== order.cashToken) throw new FolioError("MARKET_WRONG_CASH_TOKEN", `Token ${order.token} trades against ${market.cashToken}`);
    if (order.amount % market.lotSize !== 0n) throw new FolioError("MARKET_AMOUNT_OFF_LOT", `The amount must be a multiple of the lot size ${market.lotSize}`);
    if (order.price % market.tickSize !== 0n) throw new FolioError("MARKET_PRICE_OFF_TICK", `The price must be a multiple of the tick size ${market.tickSize}`);
    const hash = orderHash(order, reads.chainId, reads.settlement());
    if (!(await reads.verifySignature(order, signature))) {
      throw new FolioError("MARKET_INVALID_SIGNATURE", "The signature is not the maker's over this order for this chain and Settlement contract");
    }
    const [now, existing, nonceUsed, halted] = await Promise.all([
      reads.chainTime(),
      db.query<{ hash: string }>(`select hash from market_orders where hash = $1 or (settlement = $2 and maker = $3 and nonce = $4)`, [hash, reads.settlement(), order.maker, order.nonce.toString()]),
      reads.isNonceUsed(order.maker, order.nonce),
      reads.isTradingHalted(order.token),
    ]);
    if (order.expiry <= now) throw new FolioError("MARKET_ORDER_EXPIRED", `The order expired at ${order.expiry} (chain time ${now})`);
    if (existing.rows.some((r) => r.hash === hash)) throw new FolioError("MARKET_ORDER_EXISTS", "This signed order was already placed");
    if (existing.rows.length || nonceUsed) throw new FolioError("MARKET_NONCE_USED", `Nonce ${order.nonce} of this maker is used or cancelled`, { hint: "sign the order again with a new nonce" });
    if (halted) throw new FolioError("MARKET_TRADING_HALTED", `Trading of ${order.token} is halted by its agent`);
    const allowed = order.side === 1 ? await reads.canSend(order.token, order.maker) : await reads.canReceive(order.token, order.maker);
    if (!allowed) throw new FolioError("MARKET_TRANSFER_NOT_ALLOWED", `The token does not let this wallet ${order.side === 1 ? "send" : "receive"} it now`);
    const problem = await fundingProblem(order, order.amount, null);
    if (problem) throw problem;
    return { order, hash, settings: market };
  }

  /** Stores a validated order with the next sequence (its time priority); `booked` false leaves it for the leader. */
  async function insertOrder(tx: Queryable, order: MarketOrder, hash: Hex, signature: string, booked: boolean): Promise<OrderRow> {
    const seq = await tx.query<{ n: string }>(`select nextval('market_order_sequence')::text as n`);
    const inserted = await tx.query<OrderRow>(
      `insert into market_orders (hash, settlement, maker, side, token, cash_token, amount, price, nonce, expiry, taker, signature, status, sequence, booked)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14) returning *`,
      [hash, reads.settlement(), order.maker, order.side, order.token, order.cashToken, order.amount.toString(), order.price.toString(),
        order.nonce.toString(), order.expiry.toString(), order.taker, signature.toLowerCase(), seq.rows[0]!.n, booked],
    );
    return inserted.rows[0]!;
  }

  return { validate, fundingProblem, insertOrder };
}

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
