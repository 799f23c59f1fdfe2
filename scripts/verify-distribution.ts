// Recomputes a distribution round from chain data alone and checks its Merkle root: any holder can check that the
// round paid them fairly, with nothing but an RPC endpoint and the round's published parameters file.
//
//   npx tsx scripts/verify-distribution.ts --round 1 --params round-1.json [--rpc http://127.0.0.1:8545]
//     [--distributor 0x…] [--from-block N] [--chunk-size N] [--investor 0x<investorId>]
//
// The distributor and the first block default to deployments/<chainId>.json. Exit code 0 when the round
// verifies, 1 when it does not, 2 on bad usage.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createPublicClient, getAddress, http, isAddress, type Address } from "viem";
import { parseDistributionParams } from "../lib/distributions/distribution-params";
import { verifyDistribution } from "../lib/distributions/distribution-verifier";
import { readDeployment } from "./lib/deployment";

function usage(message: string): never {
  console.error(`verify-distribution: ${message}`);
  console.error("usage: verify-distribution --round <id> --params <file> [--rpc <url>] [--distributor <address>] [--from-block <n>] [--chunk-size <n>] [--investor <id>]");
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      round: { type: "string" },
      params: { type: "string" },
      rpc: { type: "string" },
      distributor: { type: "string" },
      "from-block": { type: "string" },
      "chunk-size": { type: "string" },
      investor: { type: "string" },
    },
  });
  if (!values.round || !/^[1-9][0-9]*$/.test(values.round)) usage("--round must be a round id (1, 2, …)");
  if (!values.params || !fs.existsSync(values.params)) usage("--params must name the round's parameters file");
  const rpc = values.rpc ?? process.env.FOLIO_RPC_URL ?? "http://127.0.0.1:8545";
  const publicClient = createPublicClient({ transport: http(rpc) });
  const chainId = await publicClient.getChainId();
  const deployment = readDeployment(chainId);

  let distributor: Address;
  if (values.distributor) {
    if (!isAddress(values.distributor)) usage("--distributor is not an address");
    distributor = getAddress(values.distributor);
  } else {
    const recorded = deployment?.contracts.Distributor?.address;
    if (!recorded) usage(`no Distributor in deployments/${chainId}.json: pass --distributor`);
    distributor = recorded;
  }
  const fromBlock = BigInt(values["from-block"] ?? deployment?.deploymentBlock ?? 0);
  const chunkSize = values["chunk-size"] ? BigInt(values["chunk-size"]) : undefined;
  const params = parseDistributionParams(fs.readFileSync(values.params, "utf8"));

  const report = await verifyDistribution({ publicClient, distributor, roundId: BigInt(values.round), params, fromBlock, chunkSize });
  const { round, result } = report;
  console.log(`round ${round.roundId} on chain ${chainId}, distributor ${distributor}`);
  console.log(`  funded in   ${round.transactionHash}`);
  console.log(`  token       ${round.token}   cash token ${round.cashToken}`);
  console.log(`  record      block ${round.recordBlock}   deadline ${new Date(Number(round.deadline) * 1000).toISOString()}`);
  console.log(`  investors   ${result.entitlements.length} (eligible supply ${result.eligibleSupply}, excluded ${result.excludedBalance}, unattributed ${result.unattributedBalance})`);
  console.log(`  amounts     gross ${result.grossTotal}  withheld ${result.withheldTotal}  net ${result.netTotal}  dust ${result.dust}`);
  console.log(`  funded      ${round.total} (recomputed ${result.fundingTotal})`);
  console.log(`  root        ${round.merkleRoot} (recomputed ${report.computedRoot})`);
  if (values.investor) {
    const mine = result.entitlements.find((e) => e.investorId === values.investor!.toLowerCase());
    console.log(
      mine
        ? `  investor    balance ${mine.balance}  gross ${mine.gross}  withheld ${mine.withheld} (${mine.bps} bps)  net ${mine.net}  leaf ${mine.index ?? "none"}`
        : `  investor    ${values.investor} held nothing eligible at the record block`,
    );
  }
  if (report.ok) {
    console.log("VERIFIED: the funded root and total match the entitlements recomputed from chain data");
  } else {
    for (const problem of report.problems) console.log(`MISMATCH: ${problem}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`verify-distribution: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
