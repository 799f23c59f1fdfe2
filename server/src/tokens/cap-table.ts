import { formatUnits, isAddress, type Address } from "viem";
import { alpha2Country } from "../../../lib/countries.ts";
import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";
import { resolveRecordTime } from "../distributions/record-block.ts";
import { FolioError } from "../errors.ts";
import { checksum } from "./checksum.ts";
import { createTokenIndex, type Holder } from "./token-index.ts";

/** One line of the cap table with the investor's country (from the registry's records at that block). */
export interface CapTableHolder extends Holder {
  /** ISO 3166-1 numeric code; null for a wallet linked to no investor. */
  country: number | null;
}

/** A holder in the top-holders chart: an investor, or a wallet linked to no investor. */
export interface CapTableTopHolder {
  key: string;
  investorId: string | null;
  wallet: Address | null;
  balance: bigint;
  country: number | null;
}

/** Holdings of one country's investors (country null: wallets linked to no investor). */
export interface CapTableCountry {
  country: number | null;
  holders: number;
  balance: bigint;
}

/** Where a cap table is read: a token and a block the index has reached. */
export interface CapTableAt {
  token: Address;
  decimals: number;
  symbol: string;
  atBlock: number;
  /** Unix seconds of atBlock. */
  blockTime: bigint;
}

export interface CapTableSummary {
  totalSupply: bigint;
  holderCount: number;
  /** The largest holders, largest first (ties in holder-key order). */
  top: CapTableTopHolder[];
  /** Per country, largest holding first. */
  countries: CapTableCountry[];
}

/** Rows read per statement by the CSV export: memory stays one page, whatever the number of investors. */
export const CSV_PAGE_ROWS = 500;
export const MAX_TOP_HOLDERS = 50;

export const CAP_TABLE_CSV_HEADER = ["investor_id", "country", "wallets", "balance", "share_of_supply"] as const;

/**
 * The issuer's cap table at the latest indexed block, at a block or at a record date (the last block at or before a
 * time, found as distributions find their record block): pages with each investor's country, a summary for charts
 * (top holders, holdings per country) and the CSV export, read page by page so it streams at any size.
 */
export function createCapTableService(deps: { chain: Chain; db: Queryable }) {
  const index = createTokenIndex(deps.db);

  /**
   * The block a cap table is read at. NOT_FOUND for a token the index does not know; BAD_USER_INPUT for a block that
   * is not a block number or not indexed yet, or when both a block and a time are given; CAP_TABLE_DATE_TOO_EARLY /
   * CAP_TABLE_DATE_NOT_INDEXED for a record time before the platform or after the indexed, confirmed blocks.
   */
  async function resolve(args: { token: string; atBlock?: number | null; recordTime?: bigint | null }): Promise<CapTableAt> {
    if (!isAddress(args.token, { strict: false })) throw new FolioError("BAD_USER_INPUT", `"${args.token}" is not a token address`);
    const atBlock = args.atBlock ?? null;
    const recordTime = args.recordTime ?? null;
    if (atBlock !== null && recordTime !== null) throw new FolioError("BAD_USER_INPUT", "Give atBlock or recordTime, not both");
    if (atBlock !== null && (!Number.isSafeInteger(atBlock) || atBlock < 0)) {
      throw new FolioError("BAD_USER_INPUT", "atBlock must be a block number (0 or more)");
    }
    if (recordTime !== null && recordTime < 0n) throw new FolioError("BAD_USER_INPUT", "recordTime must be Unix seconds (0 or more)");
    const token = await index.findToken(args.token);
    if (!token) throw new FolioError("NOT_FOUND", `No Folio token at ${checksum(args.token)}`, { hint: "tokens lists the tokens this server indexes" });
    const latest = token.indexedBlock;
    if (latest < 0) throw new FolioError("BAD_USER_INPUT", "The index has not read any block yet", { hint: "Ask indexerStatus for the latest indexed block" });
    let block = latest;
    if (atBlock !== null) {
      if (atBlock > latest) {
        throw new FolioError("BAD_USER_INPUT", `atBlock ${atBlock} is not indexed yet (latest indexed block is ${latest})`, {
          hint: "Ask indexerStatus for the latest indexed block",
        });
      }
      block = atBlock;
    } else if (recordTime !== null) {
      block = await blockAtTime(recordTime, latest);
    }
    const { timestamp } = await deps.chain.client.getBlock({ blockNumber: BigInt(block) });
    return { token: token.address, decimals: token.decimals, symbol: token.symbol, atBlock: block, blockTime: timestamp };
  }

  /** The distributions' record-time rule, with this query's own error codes. */
  async function blockAtTime(recordTime: bigint, lastIndexed: number): Promise<number> {
    try {
      return await resolveRecordTime(deps.chain.client, recordTime, { firstBlock: deps.chain.deployment.deploymentBlock, lastIndexed });
    } catch (error) {
      if (error instanceof FolioError && error.code.startsWith("DISTRIBUTION_RECORD_BLOCK_")) {
        throw new FolioError(error.code.replace("DISTRIBUTION_RECORD_BLOCK_", "CAP_TABLE_DATE_"), error.message, { hint: error.hint, cause: error });
      }
      throw error;
    }
  }

  /** Countries of `investorIds` at the end of `atBlock`, from the registry's latest record at or below it. */
  async function countriesOf(investorIds: readonly string[], atBlock: number): Promise<Map<string, number>> {
    if (investorIds.length === 0) return new Map();
    const { rows } = await deps.db.query<{ investor_id: string; country: number }>(
      `select distinct on (investor_id) investor_id, country from investor_records
       where investor_id = any($1::text[]) and block_number <= $2
       order by investor_id, block_number desc, log_index desc`,
      [investorIds, atBlock],
    );
    return new Map(rows.map((r) => [r.investor_id, Number(r.country)]));
  }

  /** `limit + 1` rows after `afterKey` in holder-key order (the extra row tells a next page exists). */
  async function page(at: CapTableAt, afterKey: string | null, limit: number): Promise<CapTableHolder[]> {
    if (afterKey !== null && !HOLDER_KEY.test(afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not a cap table cursor");
    const { rows } = await index.holdersPage({ token: at.token, atBlock: at.atBlock, afterKey: afterKey ?? "", limit });
    const countries = await countriesOf(rows.flatMap((h) => (h.investorId ? [h.investorId] : [])), at.atBlock);
    return rows.map((h) => ({ ...h, country: h.investorId ? countries.get(h.investorId) ?? null : null }));
  }

  /** Supply, holder count, top holders and holdings per country at the cap table's block, in one statement. */
  async function summary(at: CapTableAt, top: number): Promise<CapTableSummary> {
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP_HOLDERS) throw new FolioError("BAD_USER_INPUT", `top must be an integer from 1 to ${MAX_TOP_HOLDERS}`);
    const { rows } = await deps.db.query<{ supply: string | null; holders: string; top: unknown; countries: unknown }>(SUMMARY_SQL, [at.token.toLowerCase(), at.atBlock, top]);
    const row = rows[0]!;
    const json = <T>(v: unknown) => ((typeof v === "string" ? JSON.parse(v) : v) ?? []) as T;
    return {
      totalSupply: BigInt(row.supply ?? "0"),
      holderCount: Number(row.holders),
      top: json<[string, string, number | null][]>(row.top).map(([key, balance, country]) => ({
        key,
        investorId: key.length === 66 ? key : null,
        wallet: key.length === 66 ? null : checksum(key),
        balance: BigInt(balance),
        country: country === null ? null : Number(country),
      })),
      countries: json<[number | null, string, string][]>(row.countries).map(([country, count, balance]) => ({
        country: country === null ? null : Number(country), holders: Number(count), balance: BigInt(balance),
      })),
    };
  }

  /** Total supply at the end of the cap table's block. */
  async function supplyAt(at: CapTableAt): Promise<bigint> {
    const { rows } = await deps.db.query<{ total_supply: string }>(
      `select total_supply::text as total_supply from token_supply_changes where token = $1 and block_number <= $2
       order by block_number desc limit 1`, [at.token.toLowerCase(), at.atBlock]);
    return BigInt(rows[0]?.total_supply ?? "0");
  }

  /**
   * The CSV export, line by line (header first), read CSV_PAGE_ROWS holders per statement: a consumer that writes each
   * line as it comes holds one page in memory, and its first bytes leave before the last page is read.
   */
  async function* csvLines(at: CapTableAt, pageRows = CSV_PAGE_ROWS): AsyncGenerator<string> {
    const supply = await supplyAt(at);
    yield `${CAP_TABLE_CSV_HEADER.join(",")}\n`;
    let afterKey: string | null = null;
    for (;;) {
      const rows = await page(at, afterKey, pageRows);
      const lines = rows.slice(0, pageRows).map((h) => capTableCsvLine(h, at.decimals, supply));
      if (lines.length) yield lines.join("");
      if (rows.length <= pageRows) return;
      afterKey = rows[pageRows - 1]!.key;
    }
  }

  return { resolve, page, summary, supplyAt, csvLines };
}

export type CapTableService = ReturnType<typeof createCapTableService>;

const HOLDER_KEY = /^0x([0-9a-f]{40}|[0-9a-f]{64})$/;

/** A share as a decimal fraction with 9 digits (rounded down): "0.250000000". */
export function shareOfSupply(balance: bigint, supply: bigint): string {
  if (supply <= 0n) return "0.000000000";
  return formatFixed((balance * 10n ** 9n) / supply, 9);
}

function formatFixed(value: bigint, digits: number): string {
  const text = value.toString().padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * One CSV line: opaque investor id (empty for a wallet linked to no investor), alpha-2 country, wallets separated by
 * ";", the balance in token units, the share of the supply. Every field is hex, a code or a number: nothing to quote.
 */
export function capTableCsvLine(h: CapTableHolder, decimals: number, supply: bigint): string {
  const country = h.country === null ? "" : alpha2Country(h.country) ?? String(h.country);
  return `${h.investorId ?? ""},${country},${h.wallets.map((w) => w.address).join(";")},${formatUnits(h.balance, decimals)},${shareOfSupply(h.balance, supply)}\n`;
}

// $1 token, $2 block, $3 number of top holders. Holders at the end of block $2 (newest change at or below it), their
// country from the registry's newest record at or below it; wallets linked to no investor have no country.
const SUMMARY_SQL = `
  with holdings as (
    select h.holder_key, c.balance_after as balance
    from holder_balances h
    cross join lateral (
      select balance_after from holder_balance_changes c
      where c.token = h.token and c.holder_key = h.holder_key and c.block_number <= $2
      order by c.block_number desc limit 1) c
    where h.token = $1 and h.first_block <= $2 and c.balance_after > 0
  ), located as (
    select holdings.holder_key, holdings.balance, r.country
    from holdings
    left join lateral (
      select country from investor_records r
      where length(holdings.holder_key) = 66 and r.investor_id = holdings.holder_key and r.block_number <= $2
      order by r.block_number desc, r.log_index desc limit 1) r on true
  )
  select
    (select total_supply::text from token_supply_changes where token = $1 and block_number <= $2
      order by block_number desc limit 1) as supply,
    (select count(*) from holdings)::text as holders,
    (select json_agg(json_build_array(t.holder_key, t.balance::text, t.country) order by t.balance desc, t.holder_key)
      from (select holder_key, balance, country from located order by balance desc, holder_key limit $3) t) as top,
    (select json_agg(json_build_array(g.country, g.holders::text, g.balance::text) order by g.balance desc, g.country nulls last)
      from (select country, count(*) as holders, sum(balance) as balance from located group by country) g) as countries`;
