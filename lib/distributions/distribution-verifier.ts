// Recomputes a funded distribution round from chain data alone (no database): the round's RoundFunded event, the
// token's Transfer events and the identity registry's investor and wallet events up to the record block, and the
// published parameters file. Used by scripts/verify-distribution.ts and its tests.
import { parseAbi, parseAbiItem, type Address, type Hex, type PublicClient } from "viem";
import { hashDistributionParams, type DistributionParams } from "./distribution-params";
import { buildEntitlementTree, computeEntitlements, type EntitlementResult } from "./entitlements";
import { replayToRecordBlock, type HistoryEvent } from "./record-date-history";

const roundFundedEvent = parseAbiItem(
  "event RoundFunded(uint256 indexed roundId, address indexed token, address indexed cashToken, address funder, uint256 total, bytes32 merkleRoot, uint64 deadline, uint64 recordBlock, bytes32 paramsHash, string paramsUri)",
);
const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");
const registryEvents = parseAbi([
  "event WalletAdded(bytes32 indexed investorId, address indexed wallet)",
  "event WalletRemoved(bytes32 indexed investorId, address indexed wallet)",
  "event InvestorRegistered(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags)",
  "event InvestorUpdated(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags)",
  "event InvestorRemoved(bytes32 indexed investorId)",
]);
const distributorAbi = parseAbi(["function identityRegistry() view returns (address)"]);

export interface FundedRound {
  roundId: bigint;
  token: Address;
  cashToken: Address;
  funder: Address;
  total: bigint;
  merkleRoot: Hex;
  deadline: bigint;
  recordBlock: bigint;
  paramsHash: Hex;
  paramsUri: string;
  transactionHash: Hex;
}

export interface VerifyDistributionOptions {
  publicClient: PublicClient;
  distributor: Address;
  roundId: bigint;
  params: DistributionParams;
  /** First block to read events from (the platform's deployment block); 0 by default. */
  fromBlock?: bigint;
  /** Blocks per eth_getLogs request, for providers that cap the range. */
  chunkSize?: bigint;
}

export interface VerifyDistributionReport {
  ok: boolean;
  /** Every mismatch found, in words; empty when the round is verified. */
  problems: string[];
  round: FundedRound;
  computedRoot: Hex;
  computedParamsHash: Hex;
  result: EntitlementResult;
}

/** The RoundFunded event of `roundId`; throws when there is none. */
export async function readFundedRound(publicClient: PublicClient, distributor: Address, roundId: bigint, fromBlock = 0n): Promise<FundedRound> {
  const logs = await publicClient.getLogs({ address: distributor, event: roundFundedEvent, args: { roundId }, fromBlock, toBlock: "latest" });
  const log = logs[0];
  if (!log) throw new Error(`Round ${roundId} was never funded on distributor ${distributor}`);
  const a = log.args as Required<typeof log.args>;
  return {
    roundId,
    token: a.token,
    cashToken: a.cashToken,
    funder: a.funder,
    total: a.total,
    merkleRoot: a.merkleRoot,
    deadline: a.deadline,
    recordBlock: a.recordBlock,
    paramsHash: a.paramsHash,
    paramsUri: a.paramsUri,
    transactionHash: log.transactionHash,
  };
}

/** Token and registry events from `fromBlock` to `toBlock`, read in chunks. */
export async function readHistory(
  publicClient: PublicClient,
  token: Address,
  registry: Address,
  fromBlock: bigint,
  toBlock: bigint,
  chunkSize = 10_000n,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (let start = fromBlock; start <= toBlock; start += chunkSize) {
    const end = start + chunkSize - 1n < toBlock ? start + chunkSize - 1n : toBlock;
    const [transfers, registryLogs] = await Promise.all([
      publicClient.getLogs({ address: token, event: transferEvent, fromBlock: start, toBlock: end }),
      publicClient.getLogs({ address: registry, events: registryEvents, fromBlock: start, toBlock: end }),
    ]);
    for (const log of transfers) {
      const { from, to, value } = log.args as Required<typeof log.args>;
      events.push({ kind: "Transfer", blockNumber: log.blockNumber, logIndex: log.logIndex, from, to, value });
    }
    for (const log of registryLogs) {
      const at = { blockNumber: log.blockNumber, logIndex: log.logIndex };
      switch (log.eventName) {
        case "WalletAdded":
        case "WalletRemoved":
          events.push({ ...at, kind: log.eventName, investorId: log.args.investorId!, wallet: log.args.wallet! });
          break;
        case "InvestorRegistered":
        case "InvestorUpdated":
          events.push({ ...at, kind: log.eventName, investorId: log.args.investorId!, country: log.args.country!, flags: log.args.flags! });
          break;
        case "InvestorRemoved":
          events.push({ ...at, kind: "InvestorRemoved", investorId: log.args.investorId! });
          break;
      }
    }
  }
  return events;
}

/** Recomputes the round's entitlements and checks its parameters hash, funded total and Merkle root. */
export async function verifyDistribution(options: VerifyDistributionOptions): Promise<VerifyDistributionReport> {
  const { publicClient, distributor, roundId, params } = options;
  const fromBlock = options.fromBlock ?? 0n;
  const round = await readFundedRound(publicClient, distributor, roundId, fromBlock);
  const problems: string[] = [];

  const computedParamsHash = hashDistributionParams(params);
  if (computedParamsHash !== round.paramsHash) {
    problems.push(`parameters file hashes to ${computedParamsHash}, the round was funded with ${round.paramsHash}`);
  }
  const chainId = await publicClient.getChainId();
  if (params.chainId !== chainId) problems.push(`parameters are for chain ${params.chainId}, this is chain ${chainId}`);
  if (params.token.toLowerCase() !== round.token.toLowerCase()) problems.push(`parameters name token ${params.token}, the round pays holders of ${round.token}`);
  if (params.cashToken.toLowerCase() !== round.cashToken.toLowerCase()) problems.push(`parameters name cash token ${params.cashToken}, the round pays in ${round.cashToken}`);
  if (BigInt(params.recordBlock) !== round.recordBlock) problems.push(`parameters name record block ${params.recordBlock}, the round recorded ${round.recordBlock}`);

  // The round's own record block is authoritative: that is what it was funded for.
  const registry = await publicClient.readContract({ address: distributor, abi: distributorAbi, functionName: "identityRegistry" });
  const history = await readHistory(publicClient, round.token, registry, fromBlock, round.recordBlock, options.chunkSize);
  const state = replayToRecordBlock(history, round.recordBlock);
  const result = computeEntitlements({
    amount: params.amount,
    holdings: state.holdings,
    investors: state.investors,
    withholding: params.withholding,
    excludedWallets: params.excludedWallets,
    excludedInvestors: params.excludedInvestors,
  });
  const computedRoot = buildEntitlementTree(result.entitlements).root as Hex;
  if (result.fundingTotal !== round.total) problems.push(`entitlements need a funded total of ${result.fundingTotal}, the round was funded with ${round.total}`);
  if (computedRoot.toLowerCase() !== round.merkleRoot.toLowerCase()) problems.push(`recomputed root ${computedRoot} differs from the funded root ${round.merkleRoot}`);

  return { ok: problems.length === 0, problems, round, computedRoot, computedParamsHash, result };
}
