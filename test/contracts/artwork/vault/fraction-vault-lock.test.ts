import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  AgentPermission,
  CERT_ID,
  COMPLIANCE_PERMISSIONS,
  COUNTRY,
  METADATA_HASH,
  METADATA_URI,
  SHARES,
  STATUS,
  STATUS_OF_VAULT,
  defaultTerms,
  encodeTerms,
  expectConserved,
  investorId,
  lockedFixture,
  sendCertificate,
  vaultPlatformFixture,
  type VaultPlatform,
} from "./fixture";
import type { TokenRules } from "../../../../scripts/lib/security-token";

const name32 = (s: string) => ethers.encodeBytes32String(s);

/** Nothing was locked: the certificate is still the gallery's, no vault and no token exist. */
async function expectNothingLocked(f: VaultPlatform, tokensBefore: number) {
  expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.gallery.address);
  expect(await f.vault.vaultCount()).to.equal(0n);
  expect(await f.vault.vaultIdOf(await f.certificate.getAddress(), CERT_ID)).to.equal(0n);
  expect((await f.factory.tokens()).length).to.equal(tokensBefore);
}

describe("FractionVault: lock and issue", () => {
  it("locks a certificate sent by a curator and issues its share token through the factory, shares minted per the terms", async () => {
    const f = await loadFixture(lockedFixture);
    const info = await f.vault.vaultOf(f.vaultId);
    expect(info.status).to.equal(STATUS_OF_VAULT.Locked);
    expect(info.certificate).to.equal(await f.certificate.getAddress());
    expect(info.certificateId).to.equal(CERT_ID);
    expect(info.curator).to.equal(f.gallery.address);
    expect(info.shares).to.equal(SHARES);
    expect(info.thresholdShares).to.equal(9_000n);
    expect(await f.factory.isToken(info.token)).to.equal(true);
    expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
    expect(await f.vault.vaultIdOf(await f.certificate.getAddress(), CERT_ID)).to.equal(1n);
    expect(await f.token.name()).to.equal("Untitled (1961) fractions");
    expect(await f.token.symbol()).to.equal("UNT61");
    expect(await f.token.decimals()).to.equal(0n);
    expect(await f.token.totalSupply()).to.equal(SHARES);
    expect(await f.token.balanceOf(f.alice.address)).to.equal(5_000n);
    expect(await f.token.balanceOf(f.bob.address)).to.equal(3_000n);
    expect(await f.token.balanceOf(f.carol.address)).to.equal(2_000n);
    await expectConserved(f);
  });

  it("emits VaultLocked with the token, the curator, the shares and the metadata hash", async () => {
    const f = await loadFixture(vaultPlatformFixture);
    const tx = sendCertificate(f, defaultTerms(f));
    await expect(tx)
      .to.emit(f.vault, "VaultLocked")
      .withArgs(1n, await f.certificate.getAddress(), CERT_ID, (t: string) => ethers.isAddress(t), f.gallery.address, SHARES, METADATA_HASH, 9_000);
  });

  it("F3: the token's documents reference the certificate (CAIP-19 id) and its canonical metadata, both with the metadata hash", async () => {
    const f = await loadFixture(lockedFixture);
    const certificate = (await f.certificate.getAddress()).toLowerCase();
    const [uri, hash] = await f.token.getDocument(name32("certificate"));
    expect(uri).to.equal(`eip155:31337/erc721:${certificate}/${CERT_ID}`);
    expect(hash).to.equal(METADATA_HASH);
    const [metaUri, metaHash] = await f.token.getDocument(name32("metadata"));
    expect(metaUri).to.equal(METADATA_URI);
    expect(metaHash).to.equal(METADATA_HASH);
    const [termsUri] = await f.token.getDocument(name32("terms"));
    expect(termsUri).to.equal("ipfs://bafkreitermsofthefractions");
    expect(await f.token.getAllDocuments()).to.deep.equal([name32("terms"), name32("certificate"), name32("metadata")]);
    expect((await f.vault.vaultOf(f.vaultId)).metadataHash).to.equal(METADATA_HASH);
  });

  it("makes the vault the token's owner, keeping only burn and pause, and gives the terms' agents their permissions", async () => {
    const f = await loadFixture(lockedFixture);
    expect(await f.token.owner()).to.equal(f.vaultAddress);
    expect(await f.token.agentPermissions(f.vaultAddress)).to.equal(AgentPermission.BURN | AgentPermission.PAUSE);
    expect(await f.token.agentPermissions(f.tokenAgent.address)).to.equal(COMPLIANCE_PERMISSIONS);
  });

  it("mints every share to the certificate's previous owner when the terms allocate none", async () => {
    const f = await loadFixture(vaultPlatformFixture);
    await sendCertificate(f, defaultTerms(f, { allocations: [] }));
    const token = await ethers.getContractAt("SecurityToken", (await f.vault.vaultOf(1)).token);
    expect(await token.balanceOf(f.gallery.address)).to.equal(SHARES);
  });

  it("mints to the owner who approved the curator, when the curator sends the certificate on their behalf", async () => {
    const f = await loadFixture(vaultPlatformFixture);
    await f.certificate.connect(f.gallery).transferFrom(f.gallery.address, f.alice.address, CERT_ID);
    await f.certificate.connect(f.alice).approve(f.gallery.address, CERT_ID);
    const data = encodeTerms(defaultTerms(f, { allocations: [] }));
    await f.certificate.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.alice.address, f.vaultAddress, CERT_ID, data);
    const token = await ethers.getContractAt("SecurityToken", (await f.vault.vaultOf(1)).token);
    expect(await token.balanceOf(f.alice.address)).to.equal(SHARES);
    expect((await f.vault.vaultOf(1)).curator).to.equal(f.gallery.address);
  });

  describe("while locked the certificate cannot move", () => {
    it("refuses a transfer by its previous owner, by the curator and by the buyer-to-be", async () => {
      const f = await loadFixture(lockedFixture);
      const certificate = await f.certificate.getAddress();
      for (const who of [f.gallery, f.alice, f.buyer]) {
        await expect(f.certificate.connect(who).transferFrom(f.vaultAddress, who.address, CERT_ID))
          .to.be.revertedWithCustomError(f.certificate, "ERC721InsufficientApproval")
          .withArgs(who.address, CERT_ID);
        await expect(f.certificate.connect(who)["safeTransferFrom(address,address,uint256)"](f.vaultAddress, who.address, CERT_ID))
          .to.be.revertedWithCustomError(f.certificate, "ERC721InsufficientApproval");
        await expect(f.certificate.connect(who).approve(who.address, CERT_ID))
          .to.be.revertedWithCustomError(f.certificate, "ERC721InvalidApprover");
      }
      expect(await f.certificate.getApproved(CERT_ID)).to.equal(ethers.ZeroAddress);
      for (const who of [f.gallery, f.owner, f.buyer]) {
        expect(await f.certificate.isApprovedForAll(f.vaultAddress, who.address)).to.equal(false);
      }
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
      expect(await f.vault.vaultIdOf(certificate, CERT_ID)).to.equal(1n);
      expect(await f.vault.isLocked(certificate, CERT_ID)).to.equal(true);
      expect(await f.vault.isLocked(certificate, CERT_ID + 1n)).to.equal(false);
    });

    it("refuses the platform owner's rescue of a locked certificate", async () => {
      const f = await loadFixture(lockedFixture);
      await expect(f.vault.rescueCertificate(await f.certificate.getAddress(), CERT_ID, f.owner.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultCertificateLocked")
        .withArgs(1n);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
    });

    it("refuses release while no buy-out has acquired every share", async () => {
      const f = await loadFixture(lockedFixture);
      await expect(f.vault.connect(f.alice).release(f.vaultId, f.alice.address))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus")
        .withArgs(f.vaultId, STATUS_OF_VAULT.Locked);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.vaultAddress);
    });
  });

  describe("refusals at lock (the certificate goes back, nothing is issued)", () => {
    it("refuses a certificate sent by an account that is not a curator", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      await f.vault.setCurator(f.gallery.address, false);
      await expect(sendCertificate(f, defaultTerms(f)))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotCurator")
        .withArgs(f.gallery.address);
      await expectNothingLocked(f, before);
    });

    it("refuses a certificate contract the platform has not allowed", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      const other = await (await ethers.getContractFactory("CertificateMock")).deploy();
      await other.mint(f.gallery.address, CERT_ID);
      const data = encodeTerms(defaultTerms(f));
      await expect(other.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.gallery.address, f.vaultAddress, CERT_ID, data))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultCertificateNotAllowed")
        .withArgs(await other.getAddress());
      expect(await other.ownerOf(CERT_ID)).to.equal(f.gallery.address);
      await expectNothingLocked(f, before);
    });

    it("refuses a direct call of onERC721Received for a certificate the vault does not hold", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      // A contract allowed as certificate that calls the hook without transferring: the vault checks ownerOf.
      const actor = await (await ethers.getContractFactory("VaultActorMock")).deploy();
      await f.vault.setCertificateContract(await actor.getAddress(), true);
      const call = f.vault.interface.encodeFunctionData("onERC721Received", [f.gallery.address, f.gallery.address, CERT_ID, encodeTerms(defaultTerms(f))]);
      await expect(actor.execute(f.vaultAddress, call))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotHeld")
        .withArgs(await actor.getAddress(), CERT_ID);
      const direct = f.vault.connect(f.gallery).onERC721Received(f.gallery.address, f.gallery.address, CERT_ID, encodeTerms(defaultTerms(f)));
      await expect(direct).to.be.revertedWithCustomError(f.vault, "FractionVaultCertificateNotAllowed").withArgs(f.gallery.address);
      expect(await f.vault.vaultCount()).to.equal(0n);
    });

    it("refuses a certificate sent without terms", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      await expect(sendCertificate(f, "0x"))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidTerms")
        .withArgs("no terms");
      await expectNothingLocked(f, before);
    });

    const invalid: [string, string, (f: VaultPlatform) => Parameters<typeof defaultTerms>[1]][] = [
      ["shares", "zero shares", () => ({ shares: 0n, allocations: [] })],
      ["shares", "more shares than a token can hold (2^104)", () => ({ shares: 2n ** 104n, allocations: [] })],
      ["threshold", "a zero threshold", () => ({ thresholdBps: 0 })],
      ["threshold", "a threshold above 100 %", () => ({ thresholdBps: 10_001 })],
      ["reserve price", "a zero reserve price", () => ({ reservePricePerShare: 0n })],
      ["buy-out duration", "a zero buy-out duration", () => ({ maxBuyoutDuration: 0 })],
      ["metadata", "no metadata hash", () => ({ metadataHash: ethers.ZeroHash })],
      ["metadata", "no metadata URI", () => ({ metadataUri: "" })],
      ["max balance", "a per-investor cap", () => ({ rules: { countryMode: 0, countries: [], accreditedOnly: false, maxInvestors: 0, maxBalance: 5_000n } })],
      ["allocations sum", "allocations not adding up to the shares", (f) => ({ allocations: [{ holder: f.alice.address, shares: 9_999n }] })],
      ["allocation", "an empty allocation", (f) => ({ allocations: [{ holder: f.alice.address, shares: SHARES }, { holder: f.bob.address, shares: 0n }] })],
      ["allocations", "more than 100 allocations", (f) => ({ shares: 101n, allocations: Array.from({ length: 101 }, () => ({ holder: f.alice.address, shares: 1n })) })],
    ];
    for (const [reason, label, make] of invalid) {
      it(`refuses terms with ${label}: FractionVaultInvalidTerms("${reason}")`, async () => {
        const f = await loadFixture(vaultPlatformFixture);
        const before = (await f.factory.tokens()).length;
        await expect(sendCertificate(f, defaultTerms(f, make(f))))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidTerms")
          .withArgs(reason);
        await expectNothingLocked(f, before);
      });
    }

    it("refuses a reserve price whose escrow for every share would overflow", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      const reserve = ethers.MaxUint256 / SHARES + 1n;
      await expect(sendCertificate(f, defaultTerms(f, { reservePricePerShare: reserve })))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultPriceOverflow")
        .withArgs(SHARES, reserve);
      await expectNothingLocked(f, before);
    });

    it("refuses terms that reuse the vault's document names", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      for (const reserved of ["certificate", "metadata"]) {
        const documents = [{ name: name32(reserved), uri: "ipfs://other", documentHash: ethers.id("other") }];
        await expect(sendCertificate(f, defaultTerms(f, { documents })))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultReservedDocument")
          .withArgs(name32(reserved));
      }
      await expectNothingLocked(f, before);
    });

    it("refuses terms giving another agent mint, burn or forced transfer, or naming the vault", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      for (const permissions of [AgentPermission.MINT, AgentPermission.BURN, AgentPermission.FORCED_TRANSFER, AgentPermission.ALL]) {
        await expect(sendCertificate(f, defaultTerms(f, { agents: [{ agent: f.tokenAgent.address, permissions }] })))
          .to.be.revertedWithCustomError(f.vault, "FractionVaultAgentPermissionRefused")
          .withArgs(f.tokenAgent.address, permissions);
      }
      await expect(sendCertificate(f, defaultTerms(f, { agents: [{ agent: f.vaultAddress, permissions: AgentPermission.FREEZE }] })))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultAgentPermissionRefused")
        .withArgs(f.vaultAddress, AgentPermission.FREEZE);
      await expectNothingLocked(f, before);
    });

    it("refuses to lock while the vault itself is not a verified investor (it could not receive tenders)", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("fraction-vault"), STATUS.SUSPENDED);
      await expect(sendCertificate(f, defaultTerms(f)))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotVerified")
        .withArgs(f.vaultAddress);
      await expectNothingLocked(f, before);
    });

    it("refuses terms whose rules would keep the vault from receiving tenders (its country excluded)", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      const rules: TokenRules = { countryMode: 1, countries: [COUNTRY.DE], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n };
      await expect(sendCertificate(f, defaultTerms(f, { rules, allocations: [{ holder: f.bob.address, shares: SHARES }] })))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultNotVerified")
        .withArgs(f.vaultAddress);
      await expectNothingLocked(f, before);
      // The same rules with the vault's country listed lock fine.
      const allowed = { ...rules, countries: [COUNTRY.DE, COUNTRY.FR] };
      await sendCertificate(f, defaultTerms(f, { rules: allowed, allocations: [{ holder: f.bob.address, shares: SHARES }] }));
      expect(await f.vault.vaultCount()).to.equal(1n);
    });

    it("refuses to lock while the factory does not allow the vault as an issuer", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      await f.factory.setIssuer(f.vaultAddress, false);
      await expect(sendCertificate(f, defaultTerms(f)))
        .to.be.revertedWithCustomError(f.factory, "TokenFactoryNotIssuer")
        .withArgs(f.vaultAddress);
      await expectNothingLocked(f, before);
    });

    it("refuses an allocation to a holder the token would refuse (not verified), naming the holder and the code", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const before = (await f.factory.tokens()).length;
      const allocations = [{ holder: f.alice.address, shares: 9_000n }, { holder: f.outsider.address, shares: 1_000n }];
      await expect(sendCertificate(f, defaultTerms(f, { allocations })))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultMintRefused")
        .withArgs(f.outsider.address, 4);
      await expectNothingLocked(f, before);
    });
  });

  describe("platform owner", () => {
    it("returns a certificate that reached the vault without locking (plain transferFrom), and only the owner may", async () => {
      const f = await loadFixture(vaultPlatformFixture);
      const certificate = await f.certificate.getAddress();
      await f.certificate.connect(f.gallery).transferFrom(f.gallery.address, f.vaultAddress, CERT_ID);
      await expect(f.vault.connect(f.gallery).rescueCertificate(certificate, CERT_ID, f.gallery.address))
        .to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount")
        .withArgs(f.gallery.address);
      await expect(f.vault.rescueCertificate(certificate, CERT_ID, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidRecipient");
      await expect(f.vault.rescueCertificate(certificate, CERT_ID, f.gallery.address))
        .to.emit(f.vault, "CertificateRescued")
        .withArgs(certificate, CERT_ID, f.gallery.address);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(f.gallery.address);
    });

    it("C1: only the owner allows curators and certificate contracts and sets token agents", async () => {
      const f = await loadFixture(lockedFixture);
      const certificate = await f.certificate.getAddress();
      for (const who of [f.gallery, f.alice, f.tokenAgent]) {
        await expect(f.vault.connect(who).setCurator(who.address, true)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
        await expect(f.vault.connect(who).setCertificateContract(certificate, false)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
        await expect(f.vault.connect(who).setTokenAgent(f.vaultId, who.address, AgentPermission.FREEZE)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
        await expect(f.vault.connect(who).returnStrayShares(f.vaultId, who.address, 1n)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
      }
      expect(await f.vault.isCurator(f.alice.address)).to.equal(false);
      expect(await f.vault.isCertificateContract(certificate)).to.equal(true);
      await expect(f.vault.setCurator(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(f.vault, "FractionVaultNotCurator");
      await expect(f.vault.setCertificateContract(f.alice.address, true))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultCertificateNotAllowed")
        .withArgs(f.alice.address);
    });

    it("sets a further agent of a share token, never with mint, burn or forced transfer", async () => {
      const f = await loadFixture(lockedFixture);
      await expect(f.vault.setTokenAgent(f.vaultId, f.dave.address, AgentPermission.FREEZE))
        .to.emit(f.vault, "TokenAgentSet")
        .withArgs(f.vaultId, f.dave.address, AgentPermission.FREEZE);
      expect(await f.token.agentPermissions(f.dave.address)).to.equal(AgentPermission.FREEZE);
      await expect(f.vault.setTokenAgent(f.vaultId, f.dave.address, AgentPermission.MINT))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultAgentPermissionRefused")
        .withArgs(f.dave.address, AgentPermission.MINT);
      await expect(f.vault.setTokenAgent(f.vaultId, f.vaultAddress, 0))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultAgentPermissionRefused");
      await expect(f.vault.setTokenAgent(9n, f.dave.address, AgentPermission.FREEZE))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultUnknownVault")
        .withArgs(9n);
      expect(await f.token.agentPermissions(f.dave.address)).to.equal(AgentPermission.FREEZE);
      expect(await f.token.agentPermissions(f.vaultAddress)).to.equal(AgentPermission.BURN | AgentPermission.PAUSE);
    });
  });
});
