// Security-token gas benchmark: a Folio token against OpenZeppelin v5's plain ERC20, same compiler settings, same
// Hardhat run, every figure the gasUsed of a mined transaction's receipt. Prints a table and writes
// bench/results/gas.json as { "<case>": { "folio": n, "oz": n | null } }.
//   npm run bench:gas
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../scripts/lib/deploy-platform";
import { AgentPermission, InvestorFlag } from "../scripts/lib/security-token";

type Case = { folio: number; oz: number | null };

const E18 = 10n ** 18n;
const FRANCE = 250;
const GERMANY = 276;

async function gas(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

async function main() {
  if (network.name !== "hardhat") throw new Error("Run the benchmark on the in-process hardhat network");
  const signers = await ethers.getSigners();
  const [owner, agent, alice, bob, carol, dave, lost, spender] = signers as [typeof signers[0], ...typeof signers];
  const results: Record<string, Case> = {};

  // --- platform: registry, ops library, factory, as scripts/lib/deploy-platform.ts deploys them ---
  const transport = custom(network.provider);
  const { contracts } = await deployPlatform({
    publicClient: createPublicClient({ transport }) as PublicClient,
    walletClient: createWalletClient({ account: owner.address as Address, transport }),
    local: false,
    kycAgent: agent.address as Address,
  });
  const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
  const factory = await ethers.getContractAt("TokenFactory", contracts.TokenFactory!.address);

  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const kyc = now + 365 * 24 * 3600;
  const reg = registry.connect(agent);
  const id = (name: string) => ethers.id(`bench:${name}`);
  results.registerInvestor = {
    folio: await gas(reg.registerInvestor(id("alice"), alice.address, FRANCE, kyc, InvestorFlag.ACCREDITED)),
    oz: null,
  };
  for (const [name, signer] of [["bob", bob], ["carol", carol], ["dave", dave], ["spender", spender]] as const) {
    await reg.registerInvestor(id(name), signer.address, GERMANY, kyc, InvestorFlag.ACCREDITED);
  }
  await reg.addWallet(id("alice"), lost.address);

  const batchIds = Array.from({ length: 100 }, (_, i) => id(`batch-${i}`));
  const batchWallets = batchIds.map((h) => ethers.getAddress(ethers.dataSlice(ethers.keccak256(h), 12)));
  results.registerInvestorsBatch100 = {
    folio: await gas(
      reg.batchRegisterInvestors(batchIds, batchWallets, batchIds.map(() => FRANCE), batchIds.map(() => kyc), batchIds.map(() => 1)),
    ),
    oz: null,
  };

  // --- issue the Folio token through the factory, with the rules of the transfer case active ---
  const ozDeploy = await (await ethers.getContractFactory("PlainERC20")).deploy();
  const ozDeployGas = Number((await ozDeploy.deploymentTransaction()!.wait())!.gasUsed);
  const issueTx = factory.issueToken({
    name: "Folio Bench Share",
    symbol: "FBS",
    decimals: 18,
    owner: owner.address,
    identityRegistry: ethers.ZeroAddress,
    onchainID: ethers.ZeroAddress,
    rules: { countryMode: 1, countries: [FRANCE, GERMANY], accreditedOnly: false, maxInvestors: 1000, maxBalance: 1_000_000n * E18 },
    documents: [{ name: ethers.encodeBytes32String("prospectus"), uri: "ipfs://bafy-prospectus", documentHash: ethers.id("prospectus") }],
    agents: [{ agent: agent.address, permissions: AgentPermission.ALL }],
  });
  results.issueToken = { folio: await gas(issueTx), oz: ozDeployGas };
  const [tokenAddress] = await factory.tokens();
  const token = (await ethers.getContractAt("SecurityToken", tokenAddress!)).connect(agent);
  const oz = ozDeploy;

  // --- mint: first to holders with zero, then to holders that hold ---
  results.mintNewHolder = {
    folio: await gas(token.mint(dave.address, 1000n * E18)),
    oz: await gas(oz.mint(dave.address, 1000n * E18)),
  };
  await token.mintLocked(alice.address, 1000n * E18, now + 60); // alice's tokens are locked for a minute
  await oz.mint(alice.address, 1000n * E18);
  await token.mint(bob.address, 1000n * E18);
  await oz.mint(bob.address, 1000n * E18);
  results.mint = {
    folio: await gas(token.mint(bob.address, 10n * E18)),
    oz: await gas(oz.mint(bob.address, 10n * E18)),
  };
  await network.provider.send("evm_increaseTime", [120]); // alice's lock-up has expired but is still recorded
  await network.provider.send("evm_mine", []);

  // --- transfers ---
  results.transfer = {
    folio: await gas(token.connect(alice).transfer(bob.address, 10n * E18)),
    oz: await gas(oz.connect(alice).transfer(bob.address, 10n * E18)),
  };
  results.transferNewHolder = {
    folio: await gas(token.connect(alice).transfer(carol.address, 10n * E18)),
    oz: await gas(oz.connect(alice).transfer(carol.address, 10n * E18)),
  };
  await token.connect(alice).approve(spender.address, 1000n * E18);
  await oz.connect(alice).approve(spender.address, 1000n * E18);
  results.transferFrom = {
    folio: await gas(token.connect(spender).transferFrom(alice.address, bob.address, 10n * E18)),
    oz: await gas(oz.connect(spender).transferFrom(alice.address, bob.address, 10n * E18)),
  };

  // batch transfer to ten verified investors that already hold
  const holders = batchWallets.slice(0, 10);
  await token.batchMint(holders, holders.map(() => E18));
  results.batchTransfer10 = {
    folio: await gas(token.connect(alice).batchTransfer(holders, holders.map(() => E18))),
    oz: null,
  };

  // --- agent actions ---
  results.forcedTransfer = {
    folio: await gas(token.forcedTransfer(bob.address, carol.address, 5n * E18)),
    oz: null,
  };
  await token.mint(lost.address, 50n * E18);
  await token.freezePartialTokens(lost.address, 10n * E18);
  const fresh = ethers.Wallet.createRandom().address;
  await reg.addWallet(id("alice"), fresh);
  results.recovery = {
    folio: await gas(token.recoveryAddress(lost.address, fresh, ethers.ZeroAddress)),
    oz: null,
  };

  // investor-level burn taking from both of the investor's holding wallets (alice's first one and the recovered one)
  const acrossBoth = (await token.balanceOf(alice.address)) + 20n * E18;
  results.burnInvestor2Wallets = {
    folio: await gas(token.burnInvestor(id("alice"), [alice.address, fresh], acrossBoth)),
    oz: null,
  };

  // --- report ---
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "gas.json"), JSON.stringify(results, null, 2) + "\n");
  const rows = Object.entries(results).map(([name, { folio, oz: base }]) => ({
    case: name,
    folio: folio.toLocaleString("en-US"),
    "oz ERC20": base === null ? "n/a" : base.toLocaleString("en-US"),
    ratio: base === null ? "" : `${(folio / base).toFixed(2)}x`,
  }));
  console.table(rows);
  const ratio = results.transfer!.folio / results.transfer!.oz!;
  console.log(`transfer ratio ${ratio.toFixed(3)}x (target <= 1.6x); registerInvestor ${results.registerInvestor!.folio} (target <= 100k); ` +
    `issueToken ${results.issueToken!.folio} (target <= 4M); per batched transfer ${Math.round(results.batchTransfer10!.folio / 10)}`);
  console.log(`wrote ${path.join(dir, "gas.json")}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
