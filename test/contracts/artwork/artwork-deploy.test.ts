import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";
import { createPublicClient, createWalletClient, custom, getAddress, type Abi, type Address } from "viem";
import { deployPlatform } from "../../../scripts/lib/deploy-platform";
import { ARTWORK_COLLECTIONS } from "../../../scripts/lib/deploy-artwork";
import { readArtifact } from "../../../scripts/lib/artifacts";
import { ABI_DIR } from "../../../scripts/tasks/export-abis";

async function deploy(local: boolean) {
  const transport = custom(hre.network.provider);
  const publicClient = createPublicClient({ transport });
  const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as Address[];
  const deployment = await deployPlatform({ publicClient, walletClient: createWalletClient({ account: deployer!, transport }), local });
  const read = (address: Address, functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address, abi: readArtifact("ArtworkCertificate").abi as Abi, functionName, args });
  return { deployment, deployer: deployer!, read };
}

describe("ArtworkCertificate deployment", () => {
  it("deploys an open and a verified-owners collection bound to the platform's registry, owned by the deployer", async () => {
    const { deployment, deployer, read } = await deploy(true);
    const open = deployment.contracts[ARTWORK_COLLECTIONS.open]!.address;
    const verified = deployment.contracts[ARTWORK_COLLECTIONS.verifiedOwners]!.address;
    const registry = deployment.contracts.IdentityRegistry!.address;
    expect(await read(open, "verifiedOwnersOnly")).to.equal(false);
    expect(await read(verified, "verifiedOwnersOnly")).to.equal(true);
    for (const address of [open, verified]) {
      expect(getAddress((await read(address, "identityRegistry")) as string)).to.equal(getAddress(registry));
      expect(getAddress((await read(address, "owner")) as string)).to.equal(getAddress(deployer));
      // Locally the deployer (dev account #0) is an issuer, so the console can certify works at once.
      expect(await read(address, "isIssuer", [deployer])).to.equal(true);
    }
  });

  it("authorises no issuer on a non-local network", async () => {
    const { deployment, deployer, read } = await deploy(false);
    for (const label of Object.values(ARTWORK_COLLECTIONS)) {
      expect(await read(deployment.contracts[label]!.address, "isIssuer", [deployer])).to.equal(false);
    }
  });

  it("exports the certificate's ABI with the other contracts' (and not the artwork mocks')", async () => {
    const file = path.join(ABI_DIR, "ArtworkCertificate.ts");
    expect(fs.existsSync(file)).to.equal(true);
    const source = fs.readFileSync(file, "utf8");
    expect(source).to.contain("export const artworkCertificateAbi");
    expect(source).to.contain('"attestWithSignature"');
    expect(fs.readFileSync(path.join(ABI_DIR, "index.ts"), "utf8")).to.contain('export * from "./ArtworkCertificate.js";');
    for (const mock of ["PlainERC721", "ERC1271WalletMock", "ReentrantReceiver"]) {
      expect(fs.existsSync(path.join(ABI_DIR, `${mock}.ts`)), mock).to.equal(false);
    }
  });
});
