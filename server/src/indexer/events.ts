import { decodeEventLog, parseAbi, toEventSelector, type Hex } from "viem";

/**
 * The events the indexer follows, with the exact signatures of Folio's contract surface (ERC-20, ERC-3643,
 * IdentityRegistry, TokenFactory). Declared here rather than taken from generated ABIs so that any ERC-20 (a demo
 * token, a token from another issuer) is indexed by the same code.
 */
const transferEvent = parseAbi(["event Transfer(address indexed from, address indexed to, uint256 value)"]);
const TRANSFER_TOPIC = toEventSelector(transferEvent[0]);

const registryEvents = parseAbi([
  "event InvestorRegistered(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags)",
  "event InvestorUpdated(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags)",
  "event InvestorStatusChanged(bytes32 indexed investorId, uint8 status)",
  "event InvestorRemoved(bytes32 indexed investorId)",
  "event WalletAdded(bytes32 indexed investorId, address indexed wallet)",
  "event WalletRemoved(bytes32 indexed investorId, address indexed wallet)",
]);

const factoryEvents = parseAbi([
  "event TokenIssued(address indexed token, address indexed owner, string name, string symbol)",
]);

/** Token events besides Transfer (ERC-3643, IAgentRole, ERC-1643, ERC-7943, Folio rules), kept as decoded contract events. */
const tokenEvents = parseAbi([
  "event AddressFrozen(address indexed _userAddress, bool indexed _isFrozen, address indexed _owner)",
  "event TokensFrozen(address indexed _userAddress, uint256 _amount)",
  "event TokensUnfrozen(address indexed _userAddress, uint256 _amount)",
  "event Paused(address _userAddress)",
  "event Unpaused(address _userAddress)",
  "event RecoverySuccess(address _lostWallet, address _newWallet, address _investorOnchainID)",
  "event UpdatedTokenInformation(string _newName, string _newSymbol, uint8 _newDecimals, string _newVersion, address _newOnchainID)",
  "event IdentityRegistryAdded(address indexed _identityRegistry)",
  "event ForcedTransfer(address indexed from, address indexed to, uint256 amount)",
  "event AgentAdded(address indexed _agent)",
  "event AgentRemoved(address indexed _agent)",
  "event AgentPermissionsSet(address indexed agent, uint16 permissions)",
  "event DocumentUpdated(bytes32 indexed _name, string _uri, bytes32 _documentHash)",
  "event DocumentRemoved(bytes32 indexed _name, string _uri, bytes32 _documentHash)",
  "event CountryModeSet(uint8 mode)",
  "event CountriesListed(uint16[] countries, bool listed)",
  "event AccreditedOnlySet(bool accreditedOnly)",
  "event MaxInvestorsSet(uint32 maxInvestors)",
  "event MaxBalanceSet(uint256 maxBalance)",
  "event TokensLocked(address indexed wallet, uint256 amount, uint40 releaseTime)",
  "event LockupsMoved(address indexed fromWallet, address indexed toWallet, uint256 lockedAmount)",
]);

/** The Distributor's events (contracts/interfaces/IDistributor.sol): rounds funded, claimed, skipped, reclaimed. */
const distributorEvents = parseAbi([
  "event RoundFunded(uint256 indexed roundId, address indexed token, address indexed cashToken, address funder, uint256 total, bytes32 merkleRoot, uint64 deadline, uint64 recordBlock, bytes32 paramsHash, string paramsUri)",
  "event Claimed(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, address wallet, uint256 amount)",
  "event ClaimSkipped(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, uint8 reason)",
  "event Reclaimed(uint256 indexed roundId, address indexed to, uint256 amount)",
]);

/**
 * Artwork-certificate collections (contracts/interfaces/IArtworkCertificate.sol): issuance, ERC-721 transfers (the
 * tokenId indexed: four topics, unlike ERC-20's three), status, attestations, provenance and metadata updates.
 */
const artworkEvents = parseAbi([
  "event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)",
  "event CertificateIssued(uint256 indexed tokenId, address indexed issuer, address indexed owner, bytes32 contentHash, address royaltyReceiver, uint16 royaltyBps)",
  "event MetadataHashUpdated(uint256 indexed tokenId, bytes32 previousHash, bytes32 contentHash, address indexed by)",
  "event StatusChanged(uint256 indexed tokenId, uint8 previousStatus, uint8 status, uint8 reason, bytes32 documentHash, address indexed by)",
  "event AttestationRecorded(uint256 indexed tokenId, bytes32 indexed attestationId, address indexed attester, uint8 role, bytes32 statementHash, uint256 nonce, bool signed)",
  "event AttestationRevoked(uint256 indexed tokenId, bytes32 indexed attestationId, address indexed attester, uint8 reason, bytes32 documentHash, address by)",
  "event ProvenanceRecorded(uint256 indexed tokenId, uint8 indexed kind, address indexed recordedBy, uint32 date, bytes32 documentHash)",
  "event SaleRecorded(uint256 indexed tokenId, address indexed recordedBy, uint32 date, uint256 price, bytes3 currency, bytes16 lot, bytes32 documentHash)",
]);

/** The Settlement's events (contracts/interfaces/ISettlement.sol): trades (engine settles and direct fills), cancels, halts. */
const settlementEvents = parseAbi([
  "event TradeExecuted(bytes32 indexed makerOrderHash, bytes32 indexed takerOrderHash, address indexed token, address buyer, address seller, address cashToken, uint256 amount, uint256 price, uint256 cash, uint256 fee)",
  "event OrderCancelled(address indexed maker, uint256 indexed nonce)",
  "event NoncesCancelled(address indexed maker, uint256 minNonce)",
  "event TradingHalted(address indexed token, address indexed agent)",
  "event TradingResumed(address indexed token, address indexed agent)",
]);

export type ContractRole = "token" | "registry" | "factory" | "distributor" | "artwork" | "settlement";

const abiByRole = { token: tokenEvents, registry: registryEvents, factory: factoryEvents, distributor: distributorEvents, artwork: artworkEvents, settlement: settlementEvents } as const;
const topicsByRole = Object.fromEntries(
  Object.entries(abiByRole).map(([role, abi]) => [role, new Set(abi.map((e) => toEventSelector(e)))]),
) as Record<ContractRole, Set<Hex>>;

/** Every topic0 the indexer asks the node for, so unrelated events never leave the node. */
export const ALL_TOPICS: Hex[] = [...new Set([TRANSFER_TOPIC, ...Object.values(topicsByRole).flatMap((s) => [...s])])];

export interface RawLog {
  address: string;
  topics: readonly Hex[];
  data: Hex;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  logIndex: number;
}

export interface TransferLog {
  kind: "transfer";
  log: RawLog;
  token: string;
  from: string;
  to: string;
  amount: bigint;
}

export interface ContractEventLog {
  kind: "event";
  log: RawLog;
  role: ContractRole;
  contract: string;
  event: string;
  args: Record<string, unknown>;
}

export type DecodedLog = TransferLog | ContractEventLog;

const topicAddress = (topic: Hex | undefined) => (topic ? `0x${topic.slice(26)}`.toLowerCase() : "");

/**
 * Decodes one log for a contract of a known role; null for events the indexer does not follow. Transfer is decoded
 * by hand (it is 99 % of the volume and three fixed-size fields).
 */
export function decodeLog(log: RawLog, role: ContractRole): DecodedLog | null {
  const topic0 = log.topics[0];
  if (role === "token" && topic0 === TRANSFER_TOPIC && log.topics.length === 3) {
    return {
      kind: "transfer",
      log,
      token: log.address,
      from: topicAddress(log.topics[1]),
      to: topicAddress(log.topics[2]),
      amount: BigInt(log.data),
    };
  }
  if (!topic0 || !topicsByRole[role].has(topic0)) return null;
  try {
    const decoded = decodeEventLog({ abi: abiByRole[role], topics: log.topics as [Hex, ...Hex[]], data: log.data });
    // Strings (a token's name and symbol) stay as written, even when they look like hex.
    const inputs: readonly { name?: string; type: string }[] = (abiByRole[role] as readonly { name: string; inputs: readonly { name?: string; type: string }[] }[])
      .find((e) => e.name === decoded.eventName)?.inputs ?? [];
    const strings = new Set(inputs.filter((i) => i.type === "string").map((i) => i.name));
    const args = Object.fromEntries(
      Object.entries(decoded.args as Record<string, unknown>).map(([k, v]) => [k, strings.has(k) ? v : jsonValue(v)]),
    );
    return { kind: "event", log, role, contract: log.address, event: decoded.eventName, args };
  } catch {
    // Same topic, different indexed layout (another contract's event of that name): not ours to follow.
    return null;
  }
}

/** Event arguments as JSON: integers as decimal strings, hex (addresses, ids) lowercase. */
function jsonValue(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v)) return v.toLowerCase();
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}
