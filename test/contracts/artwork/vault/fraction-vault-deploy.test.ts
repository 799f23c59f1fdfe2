import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { createPublicClient, createWalletClient, custom, getAddress } from "viem";
import { deployPlatform } from "../../../../scripts/lib/deploy-platform";

describe("FractionVault: deployment", () => {
  it("deploys one vault per platform, owned by the deployer, bound to the factory and allowed to issue through it", async () => {
    const transport = custom(hre.network.provider);
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const { contracts } = await deployPlatform({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: deployer!, transport }),
      local: false,
    });
    const vault = await ethers.getContractAt("FractionVault", contracts.FractionVault!.address);
    const factory = await ethers.getContractAt("TokenFactory", contracts.TokenFactory!.address);
    expect(getAddress(await vault.owner())).to.equal(getAddress(deployer!));
    expect(getAddress(await vault.tokenFactory())).to.equal(getAddress(contracts.TokenFactory!.address));
    expect(await factory.isIssuer(contracts.FractionVault!.address)).to.equal(true);
    expect(await vault.vaultCount()).to.equal(0n);
  });
});
