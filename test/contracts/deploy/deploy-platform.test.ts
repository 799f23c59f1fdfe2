import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { createPublicClient, createWalletClient, custom, erc20Abi, getAddress } from "viem";
import { deployPlatform } from "../../../scripts/lib/deploy-platform";
import { readDeployment, writeDeployment } from "../../../scripts/lib/deployment";

describe("deployPlatform", () => {
  it("deploys the contracts and records addresses and blocks that match the chain", async () => {
    const transport = custom(hre.network.provider);
    const publicClient = createPublicClient({ transport });
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const walletClient = createWalletClient({ account: deployer!, transport });

    const deployment = await deployPlatform({ publicClient, walletClient, local: true });

    expect(deployment.chainId).to.equal(31337);
    expect(deployment.tokens).to.have.length(1);
    for (const { address, block } of Object.values(deployment.contracts)) {
      expect(await publicClient.getCode({ address })).to.not.equal(undefined);
      expect(block).to.be.gte(deployment.deploymentBlock);
    }
    const symbol = await publicClient.readContract({ address: deployment.tokens[0]!, abi: erc20Abi, functionName: "symbol" });
    expect(symbol).to.equal("FDS");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-deploy-"));
    writeDeployment(deployment, dir);
    expect(readDeployment(31337, dir)).to.deep.equal(deployment);
    expect(getAddress(readDeployment(31337, dir)!.tokens[0]!)).to.equal(getAddress(deployment.tokens[0]!));
  });

  it("deploys no demo assets to a non-local network", async () => {
    const transport = custom(hre.network.provider);
    const [deployer] = (await hre.network.provider.request({ method: "eth_accounts" })) as `0x${string}`[];
    const deployment = await deployPlatform({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: deployer!, transport }),
      local: false,
    });
    expect(deployment.tokens).to.deep.equal([]);
  });
});
