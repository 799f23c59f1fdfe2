import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { createPublicClient, createWalletClient, custom, getAddress } from "viem";
import { deployPlatform } from "../../../../scripts/lib/deploy-platform";
import { prepareLocalFractionVault } from "../../../../scripts/lib/deploy-vault";

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

describe("FractionVault: ready on a local chain (npm start)", () => {
  it("allows both collections, makes the deployer a curator and registers the vault as a verified investor, once", async () => {
    const transport = custom(hre.network.provider);
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const clients = { publicClient: createPublicClient({ transport }), walletClient: createWalletClient({ account: deployer!, transport }) };
    const { contracts } = await deployPlatform({ ...clients, local: true });
    const vault = await ethers.getContractAt("FractionVault", contracts.FractionVault!.address);
    const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
    expect(await vault.isCertificateContract(contracts.ArtworkCertificate!.address)).to.equal(true);
    expect(await vault.isCertificateContract(contracts.ArtworkCertificateVerifiedOwners!.address)).to.equal(true);
    expect(await vault.isCurator(deployer!)).to.equal(true);
    expect(await registry.isVerified(contracts.FractionVault!.address)).to.equal(true);

    // A restored chain is checked again at every start: nothing is sent when all is in place.
    const nonce = await clients.publicClient.getTransactionCount({ address: deployer! });
    await prepareLocalFractionVault(clients, contracts);
    expect(await clients.publicClient.getTransactionCount({ address: deployer! })).to.equal(nonce);
  });

  it("leaves curators, collections and the vault's verification to the platform on other networks", async () => {
    const transport = custom(hre.network.provider);
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const { contracts } = await deployPlatform({ publicClient: createPublicClient({ transport }), walletClient: createWalletClient({ account: deployer!, transport }), local: false });
    const vault = await ethers.getContractAt("FractionVault", contracts.FractionVault!.address);
    const registry = await ethers.getContractAt("IdentityRegistry", contracts.IdentityRegistry!.address);
    expect(await vault.isCurator(deployer!)).to.equal(false);
    expect(await vault.isCertificateContract(contracts.ArtworkCertificate!.address)).to.equal(false);
    expect(await registry.isVerified(contracts.FractionVault!.address)).to.equal(false);
  });
});
