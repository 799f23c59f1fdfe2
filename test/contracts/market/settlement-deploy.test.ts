import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { createPublicClient, createWalletClient, custom } from "viem";
import { deployPlatform } from "../../../scripts/lib/deploy-platform";
import { ABI_DIR, exportAbis } from "../../../scripts/tasks/export-abis";

describe("Settlement deployment", () => {
  it("deployPlatform deploys the Settlement after the Distributor, with the deployer as its only admin and no operator yet", async () => {
    const transport = custom(hre.network.provider);
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const deployment = await deployPlatform({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: deployer!, transport }),
      local: true,
    });
    const record = deployment.contracts.Settlement;
    expect(record).to.not.equal(undefined);
    expect(record!.block).to.be.greaterThan(deployment.contracts.Distributor!.block);

    const settlement = await ethers.getContractAt("Settlement", record!.address);
    expect(await settlement.hasRole(await settlement.DEFAULT_ADMIN_ROLE(), deployer!)).to.equal(true);
    expect(await settlement.hasRole(await settlement.OPERATOR_ROLE(), deployer!)).to.equal(false);
    expect(await settlement.fee()).to.deep.equal([0n, ethers.ZeroAddress]);
    const domain = await settlement.eip712Domain();
    expect([domain.name, domain.version, domain.chainId, domain.verifyingContract]).to.deep.equal([
      "Folio Settlement",
      "1",
      31337n,
      ethers.getAddress(record!.address),
    ]);
  });

  it("exports the Settlement's ABI as a typed module with the other contracts' ABIs", () => {
    const names = exportAbis();
    expect(names).to.include("Settlement");
    const source = fs.readFileSync(path.join(ABI_DIR, "Settlement.ts"), "utf8");
    expect(source).to.match(/^\/\/ Generated from contracts\/market\/Settlement\.sol/);
    expect(source).to.contain("export const settlementAbi = [");
    for (const name of ['"fill"', '"settle"', '"cancel"', '"TradeExecuted"', '"SettlementNonceUsed"']) expect(source).to.contain(name);
    expect(fs.readFileSync(path.join(ABI_DIR, "index.ts"), "utf8")).to.contain('export * from "./Settlement.js";');
  });
});
