import type { Address } from "viem";
import type { Chain } from "../chain/chain.ts";
import type { Queryable } from "../db/database.ts";
import { FolioError } from "../errors.ts";
import { createTokenIndex, type Holder, type IndexedToken, type TransferRow } from "./token-index.ts";
import { createTokenViews, type TokenState } from "./token-views.ts";

export type TokenSummary = IndexedToken;

const HOLDER_KEY = /^0x([0-9a-f]{40}|[0-9a-f]{64})$/;
const TRANSFER_KEY = /^(\d{1,15}):(\d{1,9})$/;

/**
 * Folio's tokens as the chain index sees them (list, cap table at any block, transfers) plus what only the token
 * can answer (rules, documents, ERC-1404), read from its view functions.
 */
export function createTokenService(deps: { chain: Chain; db: Queryable }) {
  const index = createTokenIndex(deps.db);
  const views = createTokenViews(deps.chain);
  // Views change only through the token's events, so one read per token per indexed block is enough.
  const stateCache = new Map<string, { block: number; state: Promise<TokenState> }>();

  async function requireToken(address: Address): Promise<IndexedToken> {
    const token = await index.findToken(address);
    if (!token) throw notIndexed(address);
    return token;
  }

  async function latestIndexedBlock(): Promise<number> {
    return (await index.cursor())?.lastBlock ?? -1;
  }

  return {
    listTokens: () => index.listTokens(),
    /** The indexed token, or NOT_FOUND. */
    getToken: requireToken,

    async tokenState(address: Address): Promise<TokenState> {
      const block = await latestIndexedBlock();
      const cached = stateCache.get(address);
      if (cached && cached.block === block) return cached.state;
      const state = views.state(address);
      stateCache.set(address, { block, state });
      state.catch(() => stateCache.delete(address));
      return state;
    },

    documents: (address: Address) => views.documents(address),
    agents: (address: Address) => index.agents(address),

    /** A page of the cap table per investor, at the latest indexed block or at `atBlock`. */
    async holders(args: { token: Address; atBlock: number | null; afterKey: string | null; limit: number }) {
      if (args.atBlock !== null && (!Number.isInteger(args.atBlock) || args.atBlock < 0)) {
        throw new FolioError("BAD_USER_INPUT", "atBlock must be a block number (0 or more)");
      }
      if (args.afterKey !== null && !HOLDER_KEY.test(args.afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not a holders cursor");
      // One round-trip: the page comes with whether the token is indexed and the latest indexed block.
      const page = await index.holdersPage({ token: args.token, atBlock: args.atBlock, afterKey: args.afterKey ?? "", limit: args.limit });
      if (!page.tokenIndexed) throw notIndexed(args.token);
      const latest = page.latestBlock ?? -1;
      if (args.atBlock !== null && args.atBlock > latest) {
        throw new FolioError("BAD_USER_INPUT", `atBlock ${args.atBlock} is not indexed yet (latest indexed block is ${latest})`, {
          hint: "Ask indexerStatus for the latest indexed block",
        });
      }
      const rows: Holder[] = page.rows;
      return { rows, atBlock: args.atBlock ?? latest };
    },

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
    latestIndexedBlock,
  };
}

const notIndexed = (address: Address) =>
  new FolioError("NOT_FOUND", `No Folio token at ${address}`, { hint: "tokens lists the tokens this server indexes" });

export type TokenService = ReturnType<typeof createTokenService>;
