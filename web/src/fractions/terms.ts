import { encodeAbiParameters, type AbiParameter, type Address, type Hex } from "viem";
import { tokenFactoryAbi } from "../../../deployments/abi/index.ts";
import { parseAmount } from "../ui/amount.ts";

/** The vault's terms as the curator types them on the Fractionalise page. */
export interface TermsDraft {
  name: string;
  symbol: string;
  /** Whole shares (the share token has 0 decimals). */
  shares: string;
  /** Tendered share of the supply after which the rest is redeemed, in percent (up to two decimals). */
  thresholdPercent: string;
  /** Lowest price a buy-out may offer per share, in the cash token's units. */
  reservePrice: string;
  /** Longest a buy-out may stay open before its threshold, in days. */
  maxBuyoutDays: string;
}

export type TermsField = keyof TermsDraft;

/** What the certificate contributes: read from the chain, never typed. */
export interface CertificateFacts {
  collection: Address;
  tokenId: bigint;
  /** contentHashOf(tokenId): the canonical metadata's SHA-256. */
  metadataHash: Hex;
  /** tokenURI(tokenId): ipfs://<CIDv1 of the metadata>. */
  metadataUri: string;
}

/** IFractionVault.Terms, field for field. */
export interface Terms {
  name: string;
  symbol: string;
  decimals: number;
  shares: bigint;
  allocations: readonly { holder: Address; shares: bigint }[];
  metadataHash: Hex;
  metadataUri: string;
  rules: { countryMode: number; countries: readonly number[]; accreditedOnly: boolean; maxInvestors: number; maxBalance: bigint };
  documents: readonly { name: Hex; uri: string; documentHash: Hex }[];
  agents: readonly { agent: Address; permissions: number }[];
  thresholdBps: number;
  reservePricePerShare: bigint;
  maxBuyoutDuration: bigint;
}

export type TermsResult = { ok: true; terms: Terms } | { ok: false; errors: Partial<Record<TermsField, string>> };

/** Largest supply a Folio token records (uint104 balances). */
const MAX_SHARES = 2n ** 104n - 1n;
const DAY = 86_400n;
const MAX_DAYS = 3_650n;

/** The Rules, DocumentInput and AgentInput tuple types, taken from the factory's ABI so they cannot drift. */
function configComponents(): Record<string, AbiParameter> {
  const issue = tokenFactoryAbi.find((item) => item.type === "function" && item.name === "issueToken");
  const config = (issue as { inputs: readonly { components: readonly AbiParameter[] }[] }).inputs[0]!;
  return Object.fromEntries(config.components.map((c) => [c.name!, c]));
}

/** IFractionVault.Terms as an ABI tuple: what `abi.decode(data, (Terms))` in the vault expects. */
export function termsParameter(): AbiParameter {
  const c = configComponents();
  const t = (name: string, type: string) => ({ name, type });
  return {
    name: "terms",
    type: "tuple",
    components: [
      t("name", "string"),
      t("symbol", "string"),
      t("decimals", "uint8"),
      t("shares", "uint256"),
      { name: "allocations", type: "tuple[]", components: [t("holder", "address"), t("shares", "uint256")] },
      t("metadataHash", "bytes32"),
      t("metadataUri", "string"),
      c.rules!,
      c.documents!,
      c.agents!,
      t("thresholdBps", "uint16"),
      t("reservePricePerShare", "uint256"),
      t("maxBuyoutDuration", "uint64"),
    ],
  } as AbiParameter;
}

/** The `data` of safeTransferFrom(owner, vault, id, data). */
export function encodeTerms(terms: Terms): Hex {
  return encodeAbiParameters([termsParameter()], [terms]);
}

/** Percent with up to two decimals to basis points, or null when it is not 0 < p <= 100. */
export function percentToBps(text: string): number | null {
  const cleaned = text.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return bps > 0 && bps <= 10_000 ? bps : null;
}

/** Shares the buyer must hold before the rest is redeemed: shares × bps / 10,000 rounded up, as the vault does. */
export function thresholdShares(shares: bigint, thresholdBps: number): bigint {
  return (shares * BigInt(thresholdBps) + 9_999n) / 10_000n;
}

/**
 * Checks the draft and builds the terms: every share to the certificate's owner, no further rules, documents or
 * agents (the vault adds the certificate and metadata documents itself). `cashDecimals`: the reserve price's units.
 */
export function buildTerms(draft: TermsDraft, facts: CertificateFacts, cashDecimals: number): TermsResult {
  const errors: Partial<Record<TermsField, string>> = {};
  const name = draft.name.trim();
  const symbol = draft.symbol.trim();
  if (!name) errors.name = "Enter the share token's name";
  else if (name.length > 64) errors.name = "At most 64 characters";
  if (!/^[A-Z0-9]{2,11}$/.test(symbol)) errors.symbol = "2 to 11 capital letters or digits, e.g. MONET1";
  const shares = /^\d+$/.test(draft.shares.trim().replace(/[,_]/g, "")) ? BigInt(draft.shares.trim().replace(/[,_]/g, "")) : null;
  if (shares === null || shares === 0n) errors.shares = "Enter a whole number of shares above zero";
  else if (shares > MAX_SHARES) errors.shares = "More shares than a token can record";
  const bps = percentToBps(draft.thresholdPercent);
  if (bps === null) errors.thresholdPercent = "A percentage above 0 and at most 100, up to two decimals";
  const reserve = parseAmount(draft.reservePrice, cashDecimals);
  if (!reserve.ok) errors.reservePrice = reserve.error;
  const days = /^\d+$/.test(draft.maxBuyoutDays.trim()) ? BigInt(draft.maxBuyoutDays.trim()) : 0n;
  if (days < 1n || days > MAX_DAYS) errors.maxBuyoutDays = "A whole number of days from 1 to 3,650";
  if (Object.keys(errors).length > 0 || shares === null || bps === null || !reserve.ok) return { ok: false, errors };
  return {
    ok: true,
    terms: {
      name,
      symbol,
      decimals: 0,
      shares,
      allocations: [],
      metadataHash: facts.metadataHash,
      metadataUri: facts.metadataUri,
      rules: { countryMode: 0, countries: [], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n },
      documents: [],
      agents: [],
      thresholdBps: bps,
      reservePricePerShare: reserve.value,
      maxBuyoutDuration: days * DAY,
    },
  };
}

/** The CAIP-19 id the vault records as the token's `certificate` document: eip155:<chain>/erc721:<contract>/<id>. */
export function certificateUri(chainId: number, collection: Address, tokenId: bigint): string {
  return `eip155:${chainId}/erc721:${collection.toLowerCase()}/${tokenId}`;
}
