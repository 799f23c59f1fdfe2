import { stringToHex, type Address, type ContractFunctionArgs, type Hex } from "viem";
import type { tokenFactoryAbi } from "../../../../deployments/abi/index.ts";
import { parseAmount } from "../../ui/amount.ts";
import { AgentPermission } from "../../../../lib/agent-permissions.ts";
import { countryByAlpha2, countryNames } from "../../ui/country-options.ts";

export { AgentPermission };

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as Address;
/** Most documents a token keeps (SecurityTokenOps._MAX_DOCUMENTS). */
export const MAX_DOCUMENTS = 64;
const MAX_UINT32 = 2n ** 32n - 1n;
const MAX_UINT128 = 2n ** 128n - 1n;

export type CountryMode = "none" | "allow" | "deny";

/** A document as the issuer fills it in: the file is hashed in the browser when chosen. */
export interface DocumentDraft {
  name: string;
  uri: string;
  fileName: string | null;
  /** SHA-256 of the chosen file (0x + 64 hex digits), null until a file is chosen. */
  hash: Hex | null;
}

/** The "issue a token" form, as typed. */
export interface IssueTokenDraft {
  name: string;
  symbol: string;
  decimals: string;
  countryMode: CountryMode;
  /** ISO 3166-1 alpha-2 codes, in the order chosen. */
  countries: string[];
  accreditedOnly: boolean;
  /** Empty means no limit. */
  maxInvestors: string;
  /** In token units; empty means no limit. */
  maxBalance: string;
  documents: DocumentDraft[];
}

export const EMPTY_DRAFT: IssueTokenDraft = {
  name: "",
  symbol: "",
  decimals: "18",
  countryMode: "none",
  countries: [],
  accreditedOnly: false,
  maxInvestors: "",
  maxBalance: "",
  documents: [],
};

export const EMPTY_DOCUMENT: DocumentDraft = { name: "", uri: "", fileName: null, hash: null };

/** ISecurityToken.TokenConfig as the factory's generated ABI types it, so it cannot drift from the contract. */
export type TokenConfig = ContractFunctionArgs<typeof tokenFactoryAbi, "nonpayable", "issueToken">[0];

export type IssueTokenField = "name" | "symbol" | "decimals" | "countries" | "maxInvestors" | "maxBalance" | "documents";
export interface DocumentErrors {
  name?: string;
  uri?: string;
  file?: string;
}
export interface IssueTokenErrors {
  fields: Partial<Record<IssueTokenField, string>>;
  /** Per document row, by index. */
  documents: Record<number, DocumentErrors>;
}

export type IssueTokenValidation = { ok: true; config: TokenConfig } | { ok: false; errors: IssueTokenErrors };

/**
 * Checks the form and builds the factory's TokenConfig: the issuer owns the token and is its agent with every
 * permission; a zero registry means the platform's identity registry. Every problem is reported next to its field.
 */
export function validateIssueToken(draft: IssueTokenDraft, issuer: Address): IssueTokenValidation {
  const fields: IssueTokenErrors["fields"] = {};
  const documentErrors: IssueTokenErrors["documents"] = {};

  const name = draft.name.trim();
  if (name === "") fields.name = "Enter the token's name";
  else if (name.length > 64) fields.name = "Use at most 64 characters";

  const symbol = draft.symbol.trim().toUpperCase();
  if (symbol === "") fields.symbol = "Enter a symbol such as ACME";
  else if (!/^[A-Z0-9]{1,11}$/.test(symbol)) fields.symbol = "Use 1 to 11 letters or digits, such as ACME";

  let decimals = 0;
  if (!/^\d{1,2}$/.test(draft.decimals.trim()) || Number(draft.decimals) > 18) fields.decimals = "Enter a whole number from 0 to 18";
  else decimals = Number(draft.decimals);

  const countries: number[] = [];
  const unknown = draft.countries.filter((code) => !countryByAlpha2(code));
  if (unknown.length) fields.countries = `Not ISO 3166-1 countries: ${unknown.join(", ")}`;
  else for (const code of new Set(draft.countries.map((c) => c.toUpperCase()))) countries.push(countryByAlpha2(code)!.numeric);
  if (!fields.countries && draft.countryMode !== "none" && countries.length === 0) {
    fields.countries = draft.countryMode === "allow" ? "Choose at least one country that may hold the token" : "Choose at least one country to exclude";
  }

  let maxInvestors = 0;
  const investorsText = draft.maxInvestors.trim();
  if (investorsText !== "") {
    if (!/^\d+$/.test(investorsText) || BigInt(investorsText) > MAX_UINT32) fields.maxInvestors = "Enter a whole number, or leave empty for no limit";
    else maxInvestors = Number(investorsText);
  }

  let maxBalance = 0n;
  if (draft.maxBalance.trim() !== "" && !fields.decimals) {
    const parsed = parseAmount(draft.maxBalance, decimals, { allowZero: true });
    if (!parsed.ok) fields.maxBalance = parsed.error;
    else if (parsed.value > MAX_UINT128) fields.maxBalance = "This limit is larger than a token can record";
    else maxBalance = parsed.value;
  }

  if (draft.documents.length > MAX_DOCUMENTS) fields.documents = `A token keeps at most ${MAX_DOCUMENTS} documents`;
  const documents: TokenConfig["documents"][number][] = [];
  const seenNames = new Map<string, number>();
  draft.documents.forEach((doc, i) => {
    const errors: DocumentErrors = {};
    const docName = doc.name.trim();
    if (docName === "") errors.name = "Enter the document's name";
    else if (new TextEncoder().encode(docName).length > 32) errors.name = "Use at most 32 bytes (the name is stored as bytes32)";
    else if (seenNames.has(docName)) errors.name = `Document ${seenNames.get(docName)! + 1} has this name already`;
    else seenNames.set(docName, i);
    const uri = doc.uri.trim();
    if (uri === "") errors.uri = "Enter where the document can be read (a URL or IPFS address)";
    if (!doc.hash) errors.file = "Choose the file, so its SHA-256 is recorded";
    if (Object.keys(errors).length) documentErrors[i] = errors;
    else documents.push({ name: stringToHex(docName, { size: 32 }), uri, documentHash: doc.hash! });
  });

  if (Object.keys(fields).length || Object.keys(documentErrors).length) return { ok: false, errors: { fields, documents: documentErrors } };
  return {
    ok: true,
    config: {
      name,
      symbol,
      decimals,
      owner: issuer,
      identityRegistry: ZERO_ADDRESS,
      onchainID: ZERO_ADDRESS,
      rules: {
        countryMode: draft.countryMode === "allow" ? 1 : draft.countryMode === "deny" ? 2 : 0,
        countries,
        accreditedOnly: draft.accreditedOnly,
        maxInvestors,
        maxBalance,
      },
      documents,
      agents: [{ agent: issuer, permissions: AgentPermission.ALL }],
    },
  };
}

/** The rules of a draft in words, for the review step ("Only investors in France or Germany may hold it"). */
export function describeRules(draft: Pick<IssueTokenDraft, "countryMode" | "countries" | "accreditedOnly" | "maxInvestors" | "maxBalance">, symbol: string): string[] {
  const lines: string[] = [];
  if (draft.countryMode === "allow") lines.push(`Only investors in ${countryNames(draft.countries)} may hold it`);
  else if (draft.countryMode === "deny") lines.push(`Investors in ${countryNames(draft.countries)} may not hold it`);
  else lines.push("Investors from any country may hold it");
  if (draft.accreditedOnly) lines.push("Only accredited investors may hold it");
  const maxInvestors = draft.maxInvestors.trim();
  lines.push(maxInvestors && maxInvestors !== "0" ? `At most ${maxInvestors} investors at once` : "No limit on the number of investors");
  const maxBalance = draft.maxBalance.trim();
  lines.push(maxBalance && !/^0*\.?0*$/.test(maxBalance) ? `At most ${maxBalance} ${symbol} per investor` : "No limit on the balance per investor");
  return lines;
}
