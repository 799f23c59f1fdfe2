// Distribution gas benchmark: funding gas and the worst claim (largest proof, first claim of its bitmap word, a
// payee that never held the cash token) for rounds of 10, 1,000 and 10,000 investors, and a share transfer before
// and after a round exists. The share is a real SecurityToken issued through the TokenFactory (with its linked
// SecurityTokenOps library) on the platform's IdentityRegistry, held by registered, verified investors; the
// platform is deployed by scripts/lib/deploy-platform.ts, as `npm run deploy` does.
// Writes bench/results/distribution.json and prints a table.
//   npm run bench:distribution
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../scripts/lib/deploy-platform";
import { intrinsicGas } from "../lib/intrinsic-gas";
import { hashDistributionParams, type DistributionParams } from "../lib/distributions/distribution-params";
import { buildEntitlementTree, computeEntitlements, entitlementClaims, type InvestorProfile, type WalletHolding } from "../lib/distributions/entitlements";
import { AgentPermission, issueToken, NO_RULES, ZERO_ADDRESS } from "../scripts/lib/security-token";

const SIZES = [10, 1_000, 10_000] as const;
const E18 = 10n ** 18n;

/** A deterministic pseudo-random cap table of `n` investors (balances do not change on-chain costs). */
function capTable(n: number): { holdings: WalletHolding[]; investors: Map<string, InvestorProfile> } {
  const holdings: WalletHolding[] = [];
  const investors = new Map<string, InvestorProfile>();
  for (let i = 0; i < n; i++) {
    const investorId = ethers.id(`bench-investor-${i}`);
    holdings.push({ wallet: ethers.getAddress(ethers.dataSlice(ethers.id(`bench-wallet-${i}`), 12)), investorId, balance: BigInt(1 + ((i * 7919) % 5000)) * E18 });
    investors.set(investorId, { country: [250, 276, 840][i % 3]!, flags: i % 16 });
  }
  return { holdings, investors };
}

async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

/** The platform as scripts/lib/deploy-platform.ts deploys it (`issuer` its owner and KYC agent), and a token issued
 * by its factory with `issuer` as owner and agent. */
async function deployBenchPlatform(issuer: Awaited<ReturnType<typeof ethers.getSigners>>[number]) {
  const transport = custom(network.provider);
  const publicClient = createPublicClient({ transport }) as PublicClient;
  const walletClient = createWalletClient({ account: issuer.address as Address, transport });
  const { contracts } = await deployPlatform({ publicClient, walletClient, local: false, kycAgent: issuer.address as Address });
  const { token } = await issueToken({
    publicClient,
    walletClient,
    factory: contracts.TokenFactory!.address,
    config: {
      name: "Folio Bench Share",
      symbol: "FBS",
      decimals: 18,
      owner: issuer.address as Address,
      identityRegistry: ZERO_ADDRESS, // the factory's registry
      onchainID: ZERO_ADDRESS,
      rules: NO_RULES,
      documents: [],
      agents: [{ agent: issuer.address as Address, permissions: AgentPermission.ALL }],
    },
  });
  return {
    registry: await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address),
    distributor: await ethers.getContractAt("Distributor", contracts.Distributor!.address),
    share: await ethers.getContractAt("SecurityToken", token),
  };
}

async function benchRound(n: number) {
  const [issuer, holderA, holderB] = await ethers.getSigners();
  const { registry, distributor, share } = await deployBenchPlatform(issuer!);
  const cash = await (await ethers.getContractFactory("PlainCashTokenMock")).deploy();
  const kycUntil = Math.floor(Date.now() / 1000) + 3650 * 86_400;

  // Two registered, verified holders to measure a share transfer before and after the round.
  await registry.registerInvestor(ethers.id(`bench-holder-a-${n}`), holderA!.address, 250, kycUntil, 0);
  await registry.registerInvestor(ethers.id(`bench-holder-b-${n}`), holderB!.address, 250, kycUntil, 0);
  await share.mint(holderA!.address, 1_000n * E18);
  await share.mint(holderB!.address, 1_000n * E18);
  const transferBefore = await gasOf(share.connect(holderA!).transfer(holderB!.address, E18));

  const { holdings, investors } = capTable(n);
  const amount = 1_000_000n * 10n ** 6n;
  const params: DistributionParams = {
    version: 1,
    chainId: 31337,
    token: await share.getAddress(),
    cashToken: await cash.getAddress(),
    recordBlock: await ethers.provider.getBlockNumber(),
    amount,
    withholding: { defaultBps: 1500, rules: [{ flags: 8, bps: 0 }, { country: 840, bps: 3000 }] },
    excludedWallets: [],
    excludedInvestors: [],
  };
  const result = computeEntitlements({ ...params, holdings, investors });
  const tree = buildEntitlementTree(result.entitlements);
  const claims = entitlementClaims(tree);
  const worst = claims.reduce((a, b) => (b.proof.length > a.proof.length ? b : a));

  // The investor with the largest proof claims from a fresh verified wallet.
  const claimant = ethers.Wallet.createRandom().connect(ethers.provider);
  await ethers.provider.send("hardhat_setBalance", [claimant.address, "0x56bc75e2d63100000"]);
  await registry.registerInvestor(worst.investorId, claimant.address, 250, kycUntil, 0);

  await cash.mint(issuer!.address, result.fundingTotal);
  await cash.approve(await distributor.getAddress(), result.fundingTotal);
  const fundTx = await distributor.fundRound({
      token: params.token,
      cashToken: params.cashToken,
      total: result.fundingTotal,
      merkleRoot: tree.root,
      deadline: Math.floor(Date.now() / 1000) + 30 * 86_400,
      recordBlock: params.recordBlock,
      paramsHash: hashDistributionParams(params),
      paramsUri: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    });
  const fundGas = (await fundTx.wait())!.gasUsed;
  // The root and total differ from round to round, and so does their count of zero bytes in calldata: compare
  // what the contract executes, the gas above the calldata's intrinsic cost.
  const fundExecutionGas = fundGas - intrinsicGas(fundTx.data);
  const claimGas = await gasOf(distributor.connect(claimant).claim(1, worst.index, worst.investorId, worst.amount, worst.proof));
  if ((await cash.balanceOf(claimant.address)) !== worst.amount) throw new Error("claim did not pay the entitlement");
  const transferAfter = await gasOf(share.connect(holderA!).transfer(holderB!.address, E18));
  return { fundGas, fundExecutionGas, claimGas, proofLength: worst.proof.length, transferBefore, transferAfter };
}

async function main() {
  const rounds: Record<string, { fundGas: number; claimGas: number }> = {};
  const fundExecutionGas: Record<string, number> = {};
  const rows: string[] = [];
  const transfers: { beforeRound: number; afterRound: number }[] = [];
  for (const n of SIZES) {
    const r = await benchRound(n);
    rounds[String(n)] = { fundGas: Number(r.fundGas), claimGas: Number(r.claimGas) };
    fundExecutionGas[String(n)] = Number(r.fundExecutionGas);
    transfers.push({ beforeRound: Number(r.transferBefore), afterRound: Number(r.transferAfter) });
    rows.push(`| ${String(n).padStart(9)} | ${String(r.fundGas).padStart(8)} | ${String(r.fundExecutionGas).padStart(14)} | ${String(r.claimGas).padStart(9)} | ${String(r.proofLength).padStart(5)} | ${String(r.transferBefore).padStart(15)} | ${String(r.transferAfter).padStart(14)} |`);
  }
  const out = {
    rounds,
    fundExecutionGas,
    transferGas: transfers[0],
    shareToken: "SecurityToken issued through TokenFactory (SecurityTokenOps linked), no transfer rules, holders registered and verified in the IdentityRegistry",
    conditions:
      "claim: investor with the largest proof, first claim of the round (bitmap word 0 -> 1), payee with no prior cash balance; " +
      "fund: fresh distributor per size (round counter 0 -> 1), fundExecutionGas = fundGas minus the calldata's intrinsic gas (zero bytes of root and total vary); transfer: SecurityToken transfer between two verified holders with balances, before and after the round (same for every size)",
  };
  const file = path.resolve(__dirname, "results/distribution.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");

  console.log("| investors | fund gas | fund execution | claim gas | proof | transfer before | transfer after |");
  console.log("|----------:|---------:|---------------:|----------:|------:|----------------:|---------------:|");
  for (const row of rows) console.log(row);
  const claim10k = rounds["10000"]!.claimGas;
  const fundEqual = new Set(Object.values(fundExecutionGas)).size === 1;
  const transferEqual = transfers.every((t) => t.beforeRound === t.afterRound);
  console.log(`claim at 10,000 investors: ${claim10k} gas (target <= 120,000: ${claim10k <= 120_000 ? "met" : "MISSED"})`);
  console.log(`funding execution gas equal across sizes: ${fundEqual ? "yes" : "NO"}; transfer gas unchanged by a round: ${transferEqual ? "yes" : "NO"}`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);
  if (claim10k > 120_000 || !fundEqual || !transferEqual) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
