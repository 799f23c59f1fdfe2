import type { Address } from "viem";
import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { createHoldersCache, holdersCacheKey } from "./holders-cache.ts";
import { createTokenIndex, type Holder, type HoldersPage, type IndexedToken, type IndexState, type TransferRow } from "./token-index.ts";
import { createTokenViews, type TokenState } from "./token-views.ts";

const HOLDER_KEY = /^0x([0-9a-f]{40}|[0-9a-f]{64})$/;
const TRANSFER_KEY = /^(\d{1,15}):(\d{1,9})$/;

/**
 * Folio's tokens as the chain index sees them (list, cap table at any block, transfers) plus what only the token
 * can answer (rules, documents, ERC-1404), read from its view functions.
 */
export function createTokenService(deps: { chain: Chain; db: Queryable; holdersCachePages?: number }) {
  const index = createTokenIndex(deps.db);
  const holdersCache = createHoldersCache(deps.holdersCachePages ?? 0);
  // Reads of the same page running now, so a burst of requests for one uncached page reads it once.
  const reading = new Map<string, Promise<HoldersPage>>();
  const views = createTokenViews(deps.chain);
  // Views change only through the token's events, so one read per token per indexed block is enough.
  const stateCache = new Map<string, { block: number; state: Promise<TokenState> }>();

  async function requireToken(address: Address): Promise<IndexedToken> {
    const token = await index.findToken(address);
    if (!token) throw notIndexed(address);
    return token;
  }

  return {
    listTokens: () => index.listTokens(),
    /** The indexed token, or NOT_FOUND. */
    getToken: requireToken,

    /**
     * The token's views at the latest indexed block its row was read with, the block its total supply is at (no
     * further statement per field): a total supply and an investor count always come from one block.
     */
    tokenState(token: IndexedToken): Promise<TokenState> {
      const { address, indexedBlock: block } = token;
      const cached = stateCache.get(address);
      if (cached && cached.block === block) return cached.state;
      const state = views.state(address, block < 0 ? null : block);
      stateCache.set(address, { block, state });
      state.catch(() => stateCache.delete(address));
      return state;
    },

    documents: (address: Address) => views.documents(address),
    agents: (address: Address) => index.agents(address),

    /**
     * A page of the cap table per investor, at the latest indexed block or at `atBlock`. With the page cache on, a
     * cheap statement first names the index state the page would be read from; a page read is stored under the state
     * read in its own statement, so an entry always holds what the index held at the state its key names.
     */
    async holders(args: { token: Address; atBlock: number | null; afterKey: string | null; limit: number }) {
      if (args.atBlock !== null && (!Number.isInteger(args.atBlock) || args.atBlock < 0)) {
        throw new FolioError("BAD_USER_INPUT", "atBlock must be a block number (0 or more)");
      }
      if (args.afterKey !== null && !HOLDER_KEY.test(args.afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not a holders cursor");
      const request = { token: args.token, atBlock: args.atBlock, afterKey: args.afterKey ?? "", limit: args.limit };
      const keyOf = (latestBlock: number | null, state: IndexState) =>
        // Nothing is cached before the indexer's first batch, nor for a block it has not reached (refused below).
        latestBlock === null || state.fingerprint === null || (args.atBlock !== null && args.atBlock > latestBlock) ? null
          : holdersCacheKey({
            token: args.token, mode: args.atBlock === null ? "latest" : "past", block: args.atBlock ?? latestBlock,
            fingerprint: state.fingerprint, anchor: state.anchor, afterKey: request.afterKey, limit: args.limit,
          });

      if (holdersCache.enabled) {
        const probe = await index.holdersPageKey(request);
        checkPage(args, probe.tokenIndexed, probe.latestBlock);
        const key = keyOf(probe.latestBlock, probe.state);
        const rows = key === null ? undefined : holdersCache.get(key);
        if (rows) return { rows: rows as Holder[], atBlock: args.atBlock ?? probe.latestBlock! };
        let read = key === null ? undefined : reading.get(key);
        if (!read) {
          read = index.holdersPage(request);
          if (key !== null) {
            reading.set(key, read);
            void read.then(() => reading.delete(key), () => reading.delete(key));
          }
        }
        const page = await read;
        checkPage(args, page.tokenIndexed, page.latestBlock);
        // Stored under the state of the page's own statement, which the index may have left since the probe.
        const pageKey = keyOf(page.latestBlock, page.state);
        if (pageKey !== null) holdersCache.set(pageKey, Object.freeze(page.rows));
        return { rows: page.rows, atBlock: args.atBlock ?? page.latestBlock ?? -1 };
      }

      // One round-trip: the page comes with whether the token is indexed and the latest indexed block.
      const page = await index.holdersPage(request);
      checkPage(args, page.tokenIndexed, page.latestBlock);
      const rows: Holder[] = page.rows;
      return { rows, atBlock: args.atBlock ?? page.latestBlock ?? -1 };
    },

    /** Entries, capacity, hits and misses of this process's holders page cache. */
    holdersCacheStats: () => holdersCache.stats(),

    async transfers(args: { token: Address; afterKey: string | null; limit: number }): Promise<TransferRow[]> {
      await requireToken(args.token);
      let before: { block: number; logIndex: number } | null = null;
      if (args.afterKey !== null) {
        const match = TRANSFER_KEY.exec(args.afterKey);
        if (!match) throw new FolioError("BAD_USER_INPUT", "after is not a transfers cursor");
        before = { block: Number(match[1]), logIndex: Number(match[2]) };
      }
      return index.transfers({ token: args.token, before, limit: args.limit });
    },

    /** ERC-1404 code and message from the token's own views: the same answer the transfer itself would give. */
    async transferRestriction(args: { token: Address; from: Address; to: Address; amount: bigint }) {
      await requireToken(args.token);
      const answer = await views.transferRestriction(args.token, args.from, args.to, args.amount);
      if (!answer) throw new FolioError("NOT_SUPPORTED", `Token ${args.token} does not implement ERC-1404 detectTransferRestriction`);
      return { ...answer, allowed: answer.code === 0 };
    },

    investorOfWallet: (wallet: Address, atBlock: number | null) => index.investorOfWallet(wallet, atBlock),
  };
}

/** NOT_FOUND for a token the index does not know; BAD_USER_INPUT for a block the indexer has not reached. */
function checkPage(args: { token: Address; atBlock: number | null }, tokenIndexed: boolean, latestBlock: number | null): void {
  if (!tokenIndexed) throw notIndexed(args.token);
  const latest = latestBlock ?? -1;
  if (args.atBlock !== null && args.atBlock > latest) {
    throw new FolioError("BAD_USER_INPUT", `atBlock ${args.atBlock} is not indexed yet (latest indexed block is ${latest})`, {
      hint: "Ask indexerStatus for the latest indexed block",
    });
  }
}

const notIndexed = (address: Address) =>
  new FolioError("NOT_FOUND", `No Folio token at ${address}`, { hint: "tokens lists the tokens this server indexes" });

export type TokenService = ReturnType<typeof createTokenService>;
