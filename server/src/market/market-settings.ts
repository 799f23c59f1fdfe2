import { getAddress, isAddress, type Address } from "viem";
import type { Database } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { MAX_ORDER_VALUE } from "./market-orders.ts";
import type { MarketChain } from "./market-chain.ts";

export interface MarketSettings {
  token: Address;
  cashToken: Address;
  /** Prices are multiples of this (cash units per whole token). */
  tickSize: bigint;
  /** Amounts are multiples of this (token units); lot times tick is a whole number of cash units. */
  lotSize: bigint;
  enabled: boolean;
  updatedBy: Address;
  updatedAt: string;
}

interface SettingsRow {
  token: Address;
  cash_token: Address;
  tick_size: string;
  lot_size: string;
  enabled: boolean;
  updated_by: Address;
  updated_at: Date | string;
}

export interface SettingsInput {
  cashToken: Address;
  tickSize: bigint;
  lotSize: bigint;
  enabled: boolean;
}

const view = (r: SettingsRow): MarketSettings => ({
  token: getAddress(r.token),
  cashToken: getAddress(r.cash_token),
  tickSize: BigInt(r.tick_size),
  lotSize: BigInt(r.lot_size),
  enabled: r.enabled,
  updatedBy: getAddress(r.updated_by),
  updatedAt: (r.updated_at instanceof Date ? r.updated_at : new Date(r.updated_at)).toISOString(),
});

/**
 * Each security token's market: the cash token it trades against, tick and lot sizes, and whether it is open. Set by
 * the token's owner or its agents holding RULES (the resolver checks). A lot at any tick-aligned price costs a whole
 * number of cash units (lot × tick is a multiple of 10**decimals), so the contract's rounding never moves a trade off
 * its price.
 */
export function createMarketSettings(options: { db: Database; reads: MarketChain }) {
  const { db, reads } = options;
  return {
    async get(token: Address): Promise<MarketSettings | null> {
      const { rows } = await db.query<SettingsRow>(`select * from market_settings where token = $1`, [getAddress(token)]);
      return rows[0] ? view(rows[0]) : null;
    },

    async set(by: Address, token: Address, input: SettingsInput): Promise<MarketSettings> {
      if (typeof input.cashToken !== "string" || !isAddress(input.cashToken, { strict: false })) throw new FolioError("MARKET_INVALID_SETTINGS", "cashToken must be an address");
      for (const [field, value] of [["tickSize", input.tickSize], ["lotSize", input.lotSize]] as const) {
        if (typeof value !== "bigint" || value <= 0n || value > MAX_ORDER_VALUE) throw new FolioError("MARKET_INVALID_SETTINGS", `${field} must be from 1 to ${MAX_ORDER_VALUE}`);
      }
      const cashToken = getAddress(input.cashToken);
      if (cashToken === getAddress(token)) throw new FolioError("MARKET_INVALID_SETTINGS", "A token cannot trade against itself");
      const current = await db.query<SettingsRow>(`select * from market_settings where token = $1`, [getAddress(token)]);
      if (current.rows[0] && getAddress(current.rows[0].cash_token) !== cashToken) {
        const open = await db.query<{ n: string }>(`select count(*)::text as n from market_orders where token = $1 and status = 'open'`, [getAddress(token)]);
        if (open.rows[0]!.n !== "0") {
          throw new FolioError("MARKET_OPEN_ORDERS", `${open.rows[0]!.n} orders are open against ${getAddress(current.rows[0].cash_token)}: the cash token changes only with none open`, {
            hint: "close the market (enabled: false) and let the makers cancel first",
          });
        }
      }
      const decimals = await reads.decimals(getAddress(token));
      await reads.decimals(cashToken).catch((cause) => {
        throw new FolioError("MARKET_INVALID_SETTINGS", `${cashToken} is not an ERC-20 token (no decimals)`, { cause });
      });
      const unit = 10n ** BigInt(decimals);
      if ((input.lotSize * input.tickSize) % unit !== 0n) {
        throw new FolioError("MARKET_LOT_NOT_WHOLE_CASH", `lotSize × tickSize must be a multiple of 10^${decimals}, so every lot costs whole cash units`, {
          hint: `e.g. lotSize ${unit / gcd(unit, input.tickSize)} for this tick size`,
        });
      }
      const { rows } = await db.query<SettingsRow>(
        `insert into market_settings (token, cash_token, tick_size, lot_size, enabled, updated_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (token) do update set cash_token = excluded.cash_token, tick_size = excluded.tick_size, lot_size = excluded.lot_size,
           enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()
         returning *`,
        [getAddress(token), cashToken, input.tickSize.toString(), input.lotSize.toString(), input.enabled, getAddress(by)],
      );
      return view(rows[0]!);
    },
  };
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
