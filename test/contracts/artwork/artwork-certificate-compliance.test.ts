import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ArtworkCertificate } from "../../../typechain-types";
import { artworkFixture, CODE, doc, expectRefused, INVESTOR_STATUS, investorId, metadataHash, STATUS, tokenIdOf } from "./fixture";

/** The custom error (and its arguments) a holder's transfer refused with `code` reverts with. */
function refusal(code: number, from: string, to: string, tokenId: bigint, spender: string): [string, unknown[]] {
  switch (code) {
    case CODE.INVALID_RECIPIENT:
      return ["ERC721InvalidReceiver", [to]];
    case CODE.TOKENS_FROZEN:
      return ["ERC7943InsufficientUnfrozenBalance", [from, tokenId]];
    case CODE.INSUFFICIENT_ALLOWANCE:
      return ["ERC721InsufficientApproval", [spender, tokenId]];
    default:
      return ["ArtworkCertificateTransferRestricted", [tokenId, code]];
  }
}

/** The views give `code`; transferFrom by `spender` reverts with exactly that code's error, or succeeds for 0. */
async function expectTwin(cert: ArtworkCertificate, spender: HardhatEthersSigner, from: string, to: string, tokenId: bigint, code: number) {
  expect(await cert.detectTransferRestrictionFrom(spender.address, from, to, tokenId), "detectTransferRestrictionFrom").to.equal(code);
  const rule = code !== CODE.SUCCESS && code !== CODE.INSUFFICIENT_ALLOWANCE && code !== CODE.INVALID_RECIPIENT;
  expect(await cert.canTransfer(from, to, tokenId), "canTransfer").to.equal(!rule && to !== ethers.ZeroAddress);
  if (code === CODE.SUCCESS) {
    const snapshot = await ethers.provider.send("evm_snapshot", []);
    await cert.connect(spender).transferFrom(from, to, tokenId);
    expect(await cert.ownerOf(tokenId)).to.equal(to);
    await ethers.provider.send("evm_revert", [snapshot]);
    return;
  }
  const [error, args] = refusal(code, from, to, tokenId, spender.address);
  await expectRefused(cert, () => cert.connect(spender).transferFrom(from, to, tokenId), error, args, { tokenIds: [tokenId], accounts: [from, to] });
}

/** Index of each named event in a receipt's logs, in the order they were emitted. */
async function eventOrder(cert: ArtworkCertificate, tx: Promise<{ wait(): Promise<unknown> }>): Promise<string[]> {
  const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[]; data: string }[] };
  return receipt.logs.map((log) => cert.interface.parseLog(log)?.name ?? "?");
}

describe("ArtworkCertificate: ERC-7943 and verified-owner collections", () => {
  describe("frozen certificates (ERC-7943 setFrozenTokens / getFrozenTokens)", () => {
    it("lets the issuer freeze a certificate on its holder, which then cannot move it by any transfer; unfreezing frees it", async () => {
      const { cert, house, alice, bob, carol, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(alice).approve(carol.address, sunflowers);
      await expect(cert.connect(house).setFrozenTokens(alice.address, sunflowers, true)).to.emit(cert, "Frozen").withArgs(alice.address, sunflowers, true);
      expect(await cert.getFrozenTokens(alice.address, sunflowers)).to.equal(true);
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(1n);
      expect(await cert.detectTransferRestriction(alice.address, bob.address, sunflowers)).to.equal(CODE.TOKENS_FROZEN);
      expect(await cert.canTransfer(alice.address, bob.address, sunflowers)).to.equal(false);
      const watch = { tokenIds: [sunflowers], accounts: [alice.address, bob.address] };
      const error = ["ERC7943InsufficientUnfrozenBalance", [alice.address, sunflowers]] as const;
      await expectRefused(cert, () => cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers), ...error, watch);
      await expectRefused(cert, () => cert.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, sunflowers), ...error, watch);
      await expectRefused(cert, () => cert.connect(carol).transferFrom(alice.address, bob.address, sunflowers), ...error, watch);
      await expect(cert.setFrozenTokens(alice.address, sunflowers, false)).to.emit(cert, "Frozen").withArgs(alice.address, sunflowers, false);
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(0n);
      await cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers);
    });

    it("freezes a certificate on an account that does not hold it yet: it arrives, then cannot leave", async () => {
      const { cert, house, alice, bob, carol, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setFrozenTokens(bob.address, sunflowers, true);
      expect(await cert.canTransfer(alice.address, bob.address, sunflowers)).to.equal(true);
      await cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers);
      await expect(cert.connect(bob).transferFrom(bob.address, carol.address, sunflowers))
        .to.be.revertedWithCustomError(cert, "ERC7943InsufficientUnfrozenBalance").withArgs(bob.address, sunflowers);
    });

    it("logs Frozen again for an unchanged status without counting it twice", async () => {
      const { cert, house, alice, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setFrozenTokens(alice.address, sunflowers, true);
      await expect(cert.connect(house).setFrozenTokens(alice.address, sunflowers, true)).to.emit(cert, "Frozen").withArgs(alice.address, sunflowers, true);
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(1n);
      await expect(cert.connect(house).setFrozenTokens(ethers.Wallet.createRandom().address, sunflowers, false)).to.emit(cert, "Frozen");
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(1n);
    });

    it("refuses freezes by the holder, another issuer or an outsider, on the zero address, on an id never issued, and past 255 accounts", async () => {
      const { cert, house, gallery, alice, outsider, sunflowers } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [sunflowers], accounts: [alice.address] };
      for (const who of [alice, gallery, outsider]) {
        await expectRefused(cert, () => cert.connect(who).setFrozenTokens(alice.address, sunflowers, true), "ArtworkCertificateNotAuthorized", [who.address, sunflowers], watch);
      }
      await expectRefused(cert, () => cert.connect(house).setFrozenTokens(ethers.ZeroAddress, sunflowers, true), "ERC721InvalidOwner", [ethers.ZeroAddress], watch);
      await expectRefused(cert, () => cert.connect(house).setFrozenTokens(alice.address, 3n, true), "ERC721NonexistentToken", [3n], watch);
      for (let i = 1; i <= 255; i++) await cert.connect(house).setFrozenTokens(ethers.toBeHex(i, 20), sunflowers, true);
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(255n);
      await expectRefused(cert, () => cert.connect(house).setFrozenTokens(alice.address, sunflowers, true), "ArtworkCertificateTooManyFreezes", [sunflowers], watch);
    });
  });

  describe("forcedTransfer (ERC-7943)", () => {
    it("lets the issuer or the platform owner move a certificate, lifting the holder's freeze before the Transfer", async () => {
      const { cert, house, owner, alice, bob, carol, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setFrozenTokens(alice.address, sunflowers, true);
      expect(await cert.connect(house).forcedTransfer.staticCall(alice.address, bob.address, sunflowers)).to.equal(true);
      const order = await eventOrder(cert, cert.connect(house).forcedTransfer(alice.address, bob.address, sunflowers));
      expect(order).to.deep.equal(["Frozen", "Transfer", "ForcedTransfer"]);
      expect(await cert.ownerOf(sunflowers)).to.equal(bob.address);
      expect(await cert.getFrozenTokens(alice.address, sunflowers)).to.equal(false);
      await expect(cert.connect(owner).forcedTransfer(bob.address, carol.address, sunflowers))
        .to.emit(cert, "ForcedTransfer").withArgs(bob.address, carol.address, sunflowers)
        .and.not.to.emit(cert, "Frozen");
    });

    it("refuses a forced transfer by anyone else, from a wrong holder, to the zero address, or of an id never issued", async () => {
      const { cert, house, gallery, alice, bob, outsider, sunflowers } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [sunflowers], accounts: [alice.address, bob.address] };
      for (const who of [alice, gallery, outsider]) {
        await expectRefused(cert, () => cert.connect(who).forcedTransfer(alice.address, bob.address, sunflowers), "ArtworkCertificateNotAuthorized", [who.address, sunflowers], watch);
      }
      await expectRefused(cert, () => cert.connect(house).forcedTransfer(bob.address, outsider.address, sunflowers), "ERC721IncorrectOwner", [bob.address, sunflowers, alice.address], watch);
      await expectRefused(cert, () => cert.connect(house).forcedTransfer(alice.address, ethers.ZeroAddress, sunflowers), "ERC721InvalidReceiver", [ethers.ZeroAddress], watch);
      await expectRefused(cert, () => cert.connect(house).forcedTransfer(alice.address, bob.address, 8n), "ERC721NonexistentToken", [8n], watch);
    });

    it("refuses a forced transfer onto the holder itself, which would only lift its freeze (ethereum/ERCs#1778)", async () => {
      const { cert, house, alice, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setFrozenTokens(alice.address, sunflowers, true);
      await expectRefused(cert, () => cert.connect(house).forcedTransfer(alice.address, alice.address, sunflowers), "ERC7943CannotTransfer", [alice.address, alice.address, sunflowers], { tokenIds: [sunflowers], accounts: [alice.address] });
      expect(await cert.getFrozenTokens(alice.address, sunflowers)).to.equal(true);
    });
  });

  describe("open collection", () => {
    it("lets anyone send and receive except the zero address, and agrees with the transfers", async () => {
      const { cert, alice, outsider, carol, sunflowers } = await loadFixture(artworkFixture);
      expect(await cert.verifiedOwnersOnly()).to.equal(false);
      expect(await cert.canSend(outsider.address)).to.equal(true);
      expect(await cert.canReceive(outsider.address)).to.equal(true);
      expect(await cert.canReceive(ethers.ZeroAddress)).to.equal(false);
      expect(await cert.detectMintRestriction(outsider.address)).to.equal(CODE.SUCCESS);
      expect(await cert.detectMintRestriction(ethers.ZeroAddress)).to.equal(CODE.INVALID_RECIPIENT);
      await expectTwin(cert, alice, alice.address, outsider.address, sunflowers, CODE.SUCCESS);
      await expectTwin(cert, carol, alice.address, outsider.address, sunflowers, CODE.INSUFFICIENT_ALLOWANCE);
      expect(await cert.detectTransferRestriction(outsider.address, carol.address, sunflowers)).to.equal(CODE.INSUFFICIENT_BALANCE);
      expect(await cert.detectTransferRestriction(alice.address, carol.address, 99n)).to.equal(CODE.INSUFFICIENT_BALANCE);
      expect(await cert.detectTransferRestriction(alice.address, ethers.ZeroAddress, sunflowers)).to.equal(CODE.INVALID_RECIPIENT);
    });
  });

  describe("verified-owners collection (identity registry)", () => {
    it("needs a registry at deployment", async () => {
      const { owner } = await loadFixture(artworkFixture);
      const factory = await ethers.getContractFactory("ArtworkCertificate");
      await expect(factory.deploy(owner.address, "X", "X", ethers.ZeroAddress, true))
        .to.be.revertedWithCustomError(factory, "ArtworkCertificateInvalidRegistry").withArgs(ethers.ZeroAddress);
    });

    it("refuses to mint to an unverified or liquidate-only recipient, with the security token's reason codes", async () => {
      const { gated, registry, house, bob, dave, outsider, artist } = await loadFixture(artworkFixture);
      expect(await gated.verifiedOwnersOnly()).to.equal(true);
      expect(await gated.identityRegistry()).to.equal(await registry.getAddress());
      for (const [who, code] of [[outsider, CODE.RECIPIENT_NOT_VERIFIED], [dave, CODE.RECIPIENT_LIQUIDATE_ONLY]] as const) {
        const hash = metadataHash(`for ${who.address}`);
        expect(await gated.detectMintRestriction(who.address)).to.equal(code);
        await expectRefused(gated, () => gated.connect(house).mint(who.address, hash, artist.address, 100), "ArtworkCertificateTransferRestricted", [tokenIdOf(hash), code], { tokenIds: [tokenIdOf(hash)], accounts: [who.address] });
      }
      expect(await gated.detectMintRestriction(bob.address)).to.equal(CODE.SUCCESS);
      await gated.connect(house).mint(bob.address, metadataHash("for bob"), artist.address, 100);
      expect(await gated.messageForTransferRestriction(CODE.RECIPIENT_NOT_VERIFIED)).to.equal("Recipient is not a verified investor");
    });

    it("refuses an unverified receiver on every transfer path with its reason code, and the view twin agrees", async () => {
      const { gated, alice, carol, outsider, irises } = await loadFixture(artworkFixture);
      await gated.connect(alice).approve(carol.address, irises);
      await gated.connect(alice).setApprovalForAll(outsider.address, true);
      expect(await gated.canReceive(outsider.address)).to.equal(false);
      const code = CODE.RECIPIENT_NOT_VERIFIED;
      expect(await gated.detectTransferRestriction(alice.address, outsider.address, irises)).to.equal(code);
      expect(await gated.canTransfer(alice.address, outsider.address, irises)).to.equal(false);
      const watch = { tokenIds: [irises], accounts: [alice.address, outsider.address] };
      const error = ["ArtworkCertificateTransferRestricted", [irises, code]] as const;
      await expectRefused(gated, () => gated.connect(alice).transferFrom(alice.address, outsider.address, irises), ...error, watch);
      await expectRefused(gated, () => gated.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, outsider.address, irises), ...error, watch);
      await expectRefused(gated, () => gated.connect(alice)["safeTransferFrom(address,address,uint256,bytes)"](alice.address, outsider.address, irises, "0x"), ...error, watch);
      await expectRefused(gated, () => gated.connect(carol).transferFrom(alice.address, outsider.address, irises), ...error, watch);
      await expectRefused(gated, () => gated.connect(outsider).transferFrom(alice.address, outsider.address, irises), ...error, watch);
    });

    it("gives the same code in the views as in the transfer for every sender and recipient kind", async () => {
      const { gated, registry, kycAgent, house, alice, bob, carol, dave, outsider, irises } = await loadFixture(artworkFixture);
      // alice holds; bob verified; dave liquidate-only; outsider unregistered; carol is suspended below.
      await registry.connect(kycAgent).setInvestorStatus(investorId("carol"), INVESTOR_STATUS.SUSPENDED);
      const cases: [HardhatEthersSigner, number][] = [
        [bob, CODE.SUCCESS], [dave, CODE.RECIPIENT_LIQUIDATE_ONLY], [outsider, CODE.RECIPIENT_NOT_VERIFIED], [carol, CODE.RECIPIENT_NOT_VERIFIED],
      ];
      for (const [to, code] of cases) await expectTwin(gated, alice, alice.address, to.address, irises, code);
      // A holder that may no longer send: suspended.
      await registry.connect(kycAgent).setInvestorStatus(investorId("alice"), INVESTOR_STATUS.SUSPENDED);
      expect(await gated.canSend(alice.address)).to.equal(false);
      await expectTwin(gated, alice, alice.address, bob.address, irises, CODE.SENDER_NOT_ELIGIBLE);
      // Frozen comes before the registry's answer, status before both.
      await gated.connect(house).setFrozenTokens(alice.address, irises, true);
      await expectTwin(gated, alice, alice.address, bob.address, irises, CODE.TOKENS_FROZEN);
      await gated.connect(house).setStatus(irises, STATUS.LOST, 0, doc("missing"));
      await expectTwin(gated, alice, alice.address, bob.address, irises, 32);
    });

    it("lets a liquidate-only holder sell to a verified investor", async () => {
      const { gated, registry, kycAgent, alice, bob, carol, irises } = await loadFixture(artworkFixture);
      await gated.connect(alice).transferFrom(alice.address, bob.address, irises);
      await registry.connect(kycAgent).setInvestorStatus(investorId("bob"), INVESTOR_STATUS.LIQUIDATE_ONLY);
      expect(await gated.canSend(bob.address)).to.equal(true);
      expect(await gated.canReceive(bob.address)).to.equal(false);
      await expectTwin(gated, bob, bob.address, carol.address, irises, CODE.SUCCESS);
    });

    it("stops receiving once a recipient's KYC has expired", async () => {
      const { gated, registry, kycAgent, alice, bob, irises, kycUntil } = await loadFixture(artworkFixture);
      const bobUntil = (await time.latest()) + 100;
      await registry.connect(kycAgent).updateInvestor(investorId("bob"), 250, bobUntil, 0);
      await expectTwin(gated, alice, alice.address, bob.address, irises, CODE.SUCCESS);
      await time.increaseTo(bobUntil + 1);
      expect(await gated.canReceive(bob.address)).to.equal(false);
      await expectTwin(gated, alice, alice.address, bob.address, irises, CODE.RECIPIENT_NOT_VERIFIED);
      // Once the holder's own KYC has expired too, it may not send either (its code comes first).
      await time.increaseTo(kycUntil + 1);
      await expectTwin(gated, alice, alice.address, bob.address, irises, CODE.SENDER_NOT_ELIGIBLE);
    });

    it("forcedTransfer and recover still require a recipient that may receive, but not a sender that may send", async () => {
      const { gated, registry, kycAgent, house, alice, bob, outsider, irises } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [irises], accounts: [alice.address, bob.address, outsider.address] };
      await expectRefused(gated, () => gated.connect(house).forcedTransfer(alice.address, outsider.address, irises), "ArtworkCertificateTransferRestricted", [irises, CODE.RECIPIENT_NOT_VERIFIED], watch);
      await gated.connect(house).setStatus(irises, STATUS.STOLEN, 0, doc("police report"));
      await expectRefused(gated, () => gated.connect(house).recover(irises, outsider.address, doc("ruling")), "ArtworkCertificateTransferRestricted", [irises, CODE.RECIPIENT_NOT_VERIFIED], watch);
      await gated.connect(house).setStatus(irises, STATUS.ACTIVE, 0, doc("found"));
      await registry.connect(kycAgent).setInvestorStatus(investorId("alice"), INVESTOR_STATUS.SUSPENDED);
      await expect(gated.connect(house).forcedTransfer(alice.address, bob.address, irises)).to.emit(gated, "ForcedTransfer");
      expect(await gated.ownerOf(irises)).to.equal(bob.address);
    });
  });
});
