// Fraction vault gas benchmark: locking a certificate (which issues its share token through the factory and mints
// the shares), a buy-out's steps and the release, on the platform as scripts/lib/deploy-platform.ts deploys it. Every
// figure is the gasUsed of a mined transaction's receipt. Prints a table and writes bench/results/vault-gas.json as
// { "<case>": { "folio": n, "oz": null } } (the shape of gas.json; no OpenZeppelin baseline applies).
//   npm run bench:vault-gas
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { deployPlatform } from "../scripts/lib/deploy-platform";
import { AgentPermission, InvestorFlag, NO_RULES } from "../scripts/lib/security-token";

type Case = { folio: number; oz: null };

const FRANCE = 250;
const TERMS_TYPE =
  "tuple(string name,string symbol,uint8 decimals,uint256 shares,tuple(address holder,uint256 shares)[] allocations," +
  "bytes32 metadataHash,string metadataUri," +
  "tuple(uint8 countryMode,uint16[] countries,bool accreditedOnly,uint32 maxInvestors,uint256 maxBalance) rules," +
  "tuple(bytes32 name,string uri,bytes32 documentHash)[] documents,tuple(address agent,uint16 permissions)[] agents," +
  "uint16 thresholdBps,uint256 reservePricePerShare,uint64 maxBuyoutDuration)";

async function gas(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

async function main() {
  if (network.name !== "hardhat") throw new Error("Run the benchmark on the in-process hardhat network");
  const [owner, agent, gallery, buyer, alice, bob, carol, compliance] = await ethers.getSigners();
  if (!owner || !agent || !gallery || !buyer || !alice || !bob || !carol || !compliance) throw new Error("missing signers");
  const results: Record<string, Case> = {};

  const transport = custom(network.provider);
  const { contracts } = await deployPlatform({
    publicClient: createPublicClient({ transport }) as PublicClient,
    walletClient: createWalletClient({ account: owner.address as Address, transport }),
    local: false,
    kycAgent: agent.address as Address,
  });
  const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
  const vault = await ethers.getContractAt("FractionVault", contracts.FractionVault!.address);
  const vaultAddress = await vault.getAddress();

  const kyc = (await ethers.provider.getBlock("latest"))!.timestamp + 365 * 24 * 3600;
  const reg = registry.connect(agent);
  for (const [name, wallet] of [["vault", vaultAddress], ["gallery", gallery.address], ["buyer", buyer.address], ["alice", alice.address], ["bob", bob.address], ["carol", carol.address]] as const) {
    await reg.registerInvestor(ethers.id(`bench:${name}`), wallet, FRANCE, kyc, InvestorFlag.ACCREDITED);
  }
  // A plain OpenZeppelin ERC-721 stands in for the certificate, and a plain ERC-20 for the cash.
  const certificate = await (await ethers.getContractFactory("CertificateMock")).deploy();
  const cash = await (await ethers.getContractFactory("VaultHostileCashMock")).deploy();
  await vault.setCertificateContract(await certificate.getAddress(), true);
  await vault.setCurator(gallery.address, true);
  await cash.mint(buyer.address, 10n ** 18n);
  await cash.connect(buyer).approve(vaultAddress, ethers.MaxUint256);

  const terms = (allocations: { holder: string; shares: bigint }[]) =>
    ethers.AbiCoder.defaultAbiCoder().encode([TERMS_TYPE], [{
      name: "Untitled (1961) fractions",
      symbol: "UNT61",
      decimals: 0,
      shares: 10_000n,
      allocations,
      metadataHash: ethers.id("metadata"),
      metadataUri: "ipfs://bafkreibenchmarkmetadata",
      rules: NO_RULES,
      documents: [],
      agents: [{ agent: compliance.address, permissions: AgentPermission.FREEZE | AgentPermission.RECOVERY | AgentPermission.PAUSE }],
      thresholdBps: 9_000,
      reservePricePerShare: 1n,
      maxBuyoutDuration: 30 * 24 * 3600,
    }]);
  const lock = (id: bigint, allocations: { holder: string; shares: bigint }[]) =>
    certificate.connect(gallery)["safeTransferFrom(address,address,uint256,bytes)"](gallery.address, vaultAddress, id, terms(allocations));

  await certificate.mint(gallery.address, 1n);
  await certificate.mint(gallery.address, 2n);
  results.lockAndIssue = { folio: await gas(lock(1n, [])), oz: null };
  results.lockAndIssue3Holders = {
    folio: await gas(lock(2n, [{ holder: alice.address, shares: 5_000n }, { holder: bob.address, shares: 3_000n }, { holder: carol.address, shares: 2_000n }])),
    oz: null,
  };

  const vaultId = 2n;
  const token = await ethers.getContractAt("SecurityToken", (await vault.vaultOf(vaultId)).token);
  const deadline = (await ethers.provider.getBlock("latest"))!.timestamp + 7 * 24 * 3600;
  results.startBuyout = { folio: await gas(vault.connect(buyer).startBuyout(vaultId, await cash.getAddress(), 2_500_000n, deadline)), oz: null };
  for (const who of [alice, bob, carol]) await token.connect(who).approve(vaultAddress, ethers.MaxUint256);
  results.tenderFirst = { folio: await gas(vault.connect(alice).tender(vaultId, 5_000n)), oz: null };
  results.tender = { folio: await gas(vault.connect(bob).tender(vaultId, 3_000n)), oz: null };
  results.tenderReachingThreshold = { folio: await gas(vault.connect(carol).tender(vaultId, 1_000n)), oz: null };
  results.redeemOneHolder = { folio: await gas(vault.redeem(vaultId, [carol.address])), oz: null };
  results.release = { folio: await gas(vault.connect(buyer).release(vaultId, buyer.address)), oz: null };
  results.claim = { folio: await gas(vault.connect(carol).claim(await cash.getAddress(), carol.address)), oz: null };

  const dir = path.resolve(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "vault-gas.json"), JSON.stringify(results, null, 2) + "\n");
  console.table(Object.entries(results).map(([name, c]) => ({ case: name, gas: c.folio })));
  console.log(`wrote ${path.join(dir, "vault-gas.json")}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
