// Replays a token's Transfer events and the identity registry's investor and wallet events, in chain order, up to
// a record block: the wallet balances, wallet → investor mapping and investor profiles that
// `computeEntitlements` takes. Pure; reading the logs is the caller's business.
import type { InvestorProfile, WalletHolding } from "./entitlements";

export type HistoryEvent = { blockNumber: bigint; logIndex: number } & (
  | { kind: "Transfer"; from: string; to: string; value: bigint }
  | { kind: "WalletAdded" | "WalletRemoved"; investorId: string; wallet: string }
  | { kind: "InvestorRegistered" | "InvestorUpdated"; investorId: string; country: number; flags: number }
  | { kind: "InvestorRemoved"; investorId: string }
);

export interface RecordDateState {
  holdings: WalletHolding[];
  investors: Map<string, InvestorProfile>;
}

const ZERO_ADDRESS = `0x${"0".repeat(40)}`;

/** State at the end of `recordBlock`; events after it are ignored. Events may come in any order. */
export function replayToRecordBlock(events: readonly HistoryEvent[], recordBlock: bigint): RecordDateState {
  const ordered = events
    .filter((e) => e.blockNumber <= recordBlock)
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  const balances = new Map<string, bigint>();
  const investorOf = new Map<string, string>();
  const investors = new Map<string, InvestorProfile>();
  for (const e of ordered) {
    switch (e.kind) {
      case "Transfer": {
        const from = e.from.toLowerCase();
        const to = e.to.toLowerCase();
        if (from !== ZERO_ADDRESS) balances.set(from, (balances.get(from) ?? 0n) - e.value);
        if (to !== ZERO_ADDRESS) balances.set(to, (balances.get(to) ?? 0n) + e.value);
        break;
      }
      case "WalletAdded":
        investorOf.set(e.wallet.toLowerCase(), e.investorId.toLowerCase());
        break;
      case "WalletRemoved":
        investorOf.delete(e.wallet.toLowerCase());
        break;
      case "InvestorRegistered":
      case "InvestorUpdated":
        investors.set(e.investorId.toLowerCase(), { country: e.country, flags: e.flags });
        break;
      case "InvestorRemoved": {
        const id = e.investorId.toLowerCase();
        investors.delete(id);
        for (const [wallet, owner] of investorOf) if (owner === id) investorOf.delete(wallet);
        break;
      }
    }
  }
  const holdings: WalletHolding[] = [];
  for (const [wallet, balance] of balances) {
    if (balance < 0n) throw new Error(`Replayed balance of ${wallet} is negative: the event history is incomplete`);
    if (balance > 0n) holdings.push({ wallet, investorId: investorOf.get(wallet) ?? null, balance });
  }
  return { holdings, investors };
}
