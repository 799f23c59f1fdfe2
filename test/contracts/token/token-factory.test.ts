import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { encodeTokenConfig, NO_RULES } from "../../../scripts/lib/security-token";
import { AgentPermission, COUNTRY, E18, platformFixture } from "./fixture";

const config = (owner: string, agent: string, registry = ethers.ZeroAddress) => ({
  name: "Folio Fund",
  symbol: "FF",
  decimals: 6,
  owner,
  identityRegistry: registry,
  onchainID: ethers.ZeroAddress,
  rules: { countryMode: 2, countries: [COUNTRY.US] as number[], accreditedOnly: true, maxInvestors: 99, maxBalance: 5n * E18 },
  documents: [
    { name: ethers.encodeBytes32String("prospectus"), uri: "ipfs://p", documentHash: ethers.id("p") },
    { name: ethers.encodeBytes32String("terms"), uri: "ipfs://t", documentHash: ethers.id("t") },
  ],
  agents: [{ agent, permissions: AgentPermission.MINT | AgentPermission.PAUSE }],
});

describe("TokenFactory", () => {
  it("issues a usable token with its rules, documents and agents in one transaction", async () => {
    const p = await loadFixture(platformFixture);
    const tx = p.factory.issueToken(config(p.alice.address, p.tokenAgent.address));
    await expect(tx).to.emit(p.factory, "TokenIssued");
    const [address] = await p.factory.tokens();
    const token = await ethers.getContractAt("SecurityToken", address!);
    expect(await p.factory.isToken(address!)).to.equal(true);
    expect(await token.owner()).to.equal(p.alice.address);
    expect(await token.decimals()).to.equal(6n);
    expect(await token.identityRegistry()).to.equal(await p.registry.getAddress());
    const rules = await token.rules();
    expect([rules.countryMode, rules.countries, rules.accreditedOnly, rules.maxInvestors, rules.maxBalance])
      .to.deep.equal([2n, [BigInt(COUNTRY.US)], true, 99n, 5n * E18]);
    expect((await token.getAllDocuments()).length).to.equal(2);
    expect(await token.agentPermissions(p.tokenAgent.address)).to.equal(BigInt(AgentPermission.MINT | AgentPermission.PAUSE));
    await token.connect(p.tokenAgent).mint(p.bob.address, 1n);
    expect(await token.balanceOf(p.bob.address)).to.equal(1n);
  });

  it("lets only the owner and allowed issuers issue", async () => {
    const p = await loadFixture(platformFixture);
    await expect(p.factory.connect(p.alice).issueToken(config(p.alice.address, p.alice.address)))
      .to.be.revertedWithCustomError(p.factory, "TokenFactoryNotIssuer").withArgs(p.alice.address);
    await expect(p.factory.connect(p.alice).setIssuer(p.alice.address, true)).to.be.revertedWithCustomError(p.factory, "OwnableUnauthorizedAccount");
    await expect(p.factory.setIssuer(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(p.factory, "TokenFactoryInvalidIssuer");
    await expect(p.factory.setIssuer(p.alice.address, true)).to.emit(p.factory, "IssuerSet").withArgs(p.alice.address, true);
    expect(await p.factory.isIssuer(p.alice.address)).to.equal(true);
    expect(await p.factory.isIssuer(p.owner.address)).to.equal(true);
    await p.factory.connect(p.alice).issueToken(config(p.alice.address, p.alice.address));
    await p.factory.setIssuer(p.alice.address, false);
    await expect(p.factory.connect(p.alice).issueToken(config(p.alice.address, p.alice.address))).to.be.revertedWithCustomError(p.factory, "TokenFactoryNotIssuer");
    expect((await p.factory.tokens()).length).to.equal(1);
  });

  it("refuses a config whose registry is not a contract or whose rules are invalid", async () => {
    const p = await loadFixture(platformFixture);
    const tokenAbi = await ethers.getContractAt("SecurityToken", ethers.ZeroAddress);
    await expect(p.factory.issueToken(config(p.alice.address, p.alice.address, p.bob.address)))
      .to.be.revertedWithCustomError(tokenAbi, "SecurityTokenInvalidRegistry").withArgs(p.bob.address);
    const bad = config(p.alice.address, p.alice.address);
    bad.rules.countries = [1000];
    await expect(p.factory.issueToken(bad)).to.be.revertedWithCustomError(tokenAbi, "SecurityTokenInvalidCountry").withArgs(1000);
    expect(await p.factory.tokens()).to.deep.equal([]);
    expect(await p.factory.identityRegistry()).to.equal(await p.registry.getAddress());
  });
});

describe("CashToken", () => {
  it("mints demo cash only for its owner and reports its decimals", async () => {
    const [owner, other] = await ethers.getSigners();
    const cash = await (await ethers.getContractFactory("CashToken")).deploy(owner!.address, "Folio Demo Cash", "FCASH", 6);
    expect(await cash.decimals()).to.equal(6n);
    await cash.mint(other!.address, 5n);
    expect(await cash.balanceOf(other!.address)).to.equal(5n);
    await expect(cash.connect(other!).mint(other!.address, 1n)).to.be.revertedWithCustomError(cash, "OwnableUnauthorizedAccount");
  });
});

describe("SecurityToken deployed without the factory", () => {
  it("deploys from an encoded config and refuses an owner that differs from the config's", async () => {
    const p = await loadFixture(platformFixture);
    const Token = await ethers.getContractFactory("SecurityToken", { libraries: { SecurityTokenOps: p.opsAddress } });
    const cfg = {
      name: "Direct", symbol: "DIR", decimals: 0, owner: p.alice.address as `0x${string}`,
      identityRegistry: (await p.registry.getAddress()) as `0x${string}`, onchainID: p.bob.address as `0x${string}`,
      rules: NO_RULES, documents: [], agents: [],
    };
    const token = await Token.deploy(p.alice.address, encodeTokenConfig(cfg));
    expect([await token.name(), await token.decimals(), await token.owner(), await token.onchainID()]).to.deep.equal(["Direct", 0n, p.alice.address, p.bob.address]);
    await expect(Token.deploy(p.bob.address, encodeTokenConfig(cfg))).to.be.revertedWithCustomError(token, "SecurityTokenInvalidWallet").withArgs(p.bob.address);
  });
});
