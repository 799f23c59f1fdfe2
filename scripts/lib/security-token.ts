import {
  decodeEventLog,
  encodeAbiParameters,
  keccak256,
  stringToHex,
  type Abi,
  type AbiParameter,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { AgentPermission } from "../../lib/agent-permissions";
import { readArtifact, type ContractArtifact } from "./artifacts";

export { AgentPermission };

/** Investor category flags (contracts/interfaces/InvestorFlags.sol). */
export const InvestorFlag = { ACCREDITED: 1, QUALIFIED: 2, US_PERSON: 4, INSTITUTION: 8 } as const;

export interface TokenRules {
  countryMode: 0 | 1 | 2;
  countries: number[];
  accreditedOnly: boolean;
  maxInvestors: number;
  maxBalance: bigint;
}

export interface TokenConfig {
  name: string;
  symbol: string;
  decimals: number;
  owner: Address;
  identityRegistry: Address;
  onchainID: Address;
  rules: TokenRules;
  documents: { name: Hex; uri: string; documentHash: Hex }[];
  agents: { agent: Address; permissions: number }[];
}

export const NO_RULES: TokenRules = { countryMode: 0, countries: [], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n };
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as Address;

/** A document name as ERC-1643 wants it: the UTF-8 text right-padded to 32 bytes. */
export function documentName(name: string): Hex {
  if (Buffer.byteLength(name) > 32) throw new Error(`Document name "${name}" is longer than 32 bytes`);
  return stringToHex(name, { size: 32 });
}

/** An opaque investor id derived from an operator reference (never from personal data). */
export function investorId(reference: string): Hex {
  return keccak256(stringToHex(`folio-investor:${reference}`));
}

/** The TokenConfig tuple type, read from the compiled factory so it can never drift from the contract. */
function tokenConfigParameter(): AbiParameter {
  const abi = readArtifact("TokenFactory").abi as Abi;
  const issue = abi.find((item) => item.type === "function" && item.name === "issueToken");
  if (!issue || issue.type !== "function") throw new Error("TokenFactory.issueToken missing from the ABI");
  return issue.inputs[0]!;
}

/** `abi.encode(TokenConfig)`: the constructor argument of SecurityToken. */
export function encodeTokenConfig(config: TokenConfig): Hex {
  return encodeAbiParameters([tokenConfigParameter()], [config]);
}

/** Fills the library placeholders of a compiled contract's creation code. */
export function linkedBytecode(contractName: string, libraries: Record<string, Address>): Hex {
  // The parsed artifact file also carries Hardhat's link references, which ContractArtifact does not declare.
  const artifact = readArtifact(contractName) as ContractArtifact & {
    linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
  };
  let code = artifact.bytecode.slice(2);
  for (const [, libs] of Object.entries(artifact.linkReferences)) {
    for (const [libName, refs] of Object.entries(libs)) {
      const address = libraries[libName];
      if (!address) throw new Error(`${contractName} needs library ${libName}`);
      for (const { start, length } of refs) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  return `0x${code}`;
}

type Wallet = WalletClient<Transport, Chain | undefined, Account>;

/** Issues a token through the factory and returns its address (from the TokenIssued event). */
export async function issueToken(options: {
  publicClient: PublicClient;
  walletClient: Wallet;
  factory: Address;
  config: TokenConfig;
}): Promise<{ token: Address; gasUsed: bigint; block: bigint }> {
  const abi = readArtifact("TokenFactory").abi as Abi;
  const hash = await options.walletClient.writeContract({
    address: options.factory,
    abi,
    functionName: "issueToken",
    args: [options.config],
    account: options.walletClient.account,
    chain: options.walletClient.chain ?? null,
  });
  const receipt = await options.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`issueToken reverted (${hash})`);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== options.factory.toLowerCase()) continue;
    const event = decodeEventLog({ abi, data: log.data, topics: log.topics });
    if (event.eventName === "TokenIssued") {
      return { token: (event.args as unknown as { token: Address }).token, gasUsed: receipt.gasUsed, block: receipt.blockNumber };
    }
  }
  throw new Error(`issueToken emitted no TokenIssued event (${hash})`);
}

