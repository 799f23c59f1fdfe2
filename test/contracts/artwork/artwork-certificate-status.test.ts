import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ArtworkCertificate } from "../../../typechain-types";
import { ART_CODE, artworkFixture, CODE, doc, expectRefused, REASON, STATUS } from "./fixture";

const MOVABLE = [STATUS.ACTIVE, STATUS.LOST, STATUS.STOLEN] as const;
const FINAL = [STATUS.DESTROYED, STATUS.REVOKED] as const;
const ALL = [...MOVABLE, ...FINAL] as const;
const NAME: Record<number, string> = { 1: "active", 2: "lost", 3: "stolen", 4: "destroyed", 5: "revoked" };
const BLOCKING: Record<number, number> = {
  [STATUS.LOST]: ART_CODE.LOST,
  [STATUS.STOLEN]: ART_CODE.STOLEN,
  [STATUS.DESTROYED]: ART_CODE.DESTROYED,
  [STATUS.REVOKED]: ART_CODE.REVOKED,
};
const reasonFor = (status: number) => (status === STATUS.REVOKED ? REASON.NOT_AUTHENTIC : REASON.NONE);

/** Brings the certificate from active into `status` (the issuer does it). */
async function putInto(cert: ArtworkCertificate, house: HardhatEthersSigner, tokenId: bigint, status: number) {
  if (status !== STATUS.ACTIVE) await cert.connect(house).setStatus(tokenId, status, reasonFor(status), doc("report"));
}

describe("ArtworkCertificate: statuses, who may change them, and what they block", () => {
  describe("every status transition and who may make it", () => {
    for (const from of MOVABLE) {
      for (const to of ALL.filter((s) => s !== from)) {
        it(`${NAME[from]} → ${NAME[to]}: its issuer and the platform owner may, another issuer, the holder and outsiders may not`, async () => {
          const f = await loadFixture(artworkFixture);
          const { cert, house, gallery, alice, outsider, owner, sunflowers } = f;
          await putInto(cert, house, sunflowers, from);
          const watch = { tokenIds: [sunflowers], accounts: [alice.address] };
          for (const who of [gallery, alice, outsider]) {
            await expectRefused(cert, () => cert.connect(who).setStatus(sunflowers, to, reasonFor(to), doc("x")), "ArtworkCertificateNotAuthorized", [who.address, sunflowers], watch);
          }
          for (const who of [house, owner]) {
            const snapshot = await ethers.provider.send("evm_snapshot", []);
            await expect(cert.connect(who).setStatus(sunflowers, to, reasonFor(to), doc("x")))
              .to.emit(cert, "StatusChanged").withArgs(sunflowers, from, to, reasonFor(to), doc("x"), who.address);
            expect(await cert.statusOf(sunflowers)).to.equal(to);
            await ethers.provider.send("evm_revert", [snapshot]);
          }
        });
      }
    }

    for (const from of FINAL) {
      it(`${NAME[from]} is final: no status change by anyone, the platform owner included`, async () => {
        const { cert, house, owner, alice, sunflowers } = await loadFixture(artworkFixture);
        await putInto(cert, house, sunflowers, from);
        for (const to of ALL.filter((s) => s !== from)) {
          for (const who of [house, owner]) {
            await expectRefused(cert, () => cert.connect(who).setStatus(sunflowers, to, reasonFor(to), doc("x")), "ArtworkCertificateClosed", [sunflowers, from], { tokenIds: [sunflowers], accounts: [alice.address] });
          }
        }
      });
    }

    it("refuses the same status, an unknown status, an unknown reason, and a revocation without a reason", async () => {
      const { cert, house, alice, sunflowers } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [sunflowers], accounts: [alice.address] };
      await expectRefused(cert, () => cert.connect(house).setStatus(sunflowers, STATUS.ACTIVE, 0, ethers.ZeroHash), "ArtworkCertificateInvalidStatusChange", [sunflowers, STATUS.ACTIVE, STATUS.ACTIVE], watch);
      for (const bad of [STATUS.NONE, 6]) {
        await expectRefused(cert, () => cert.connect(house).setStatus(sunflowers, bad, 0, ethers.ZeroHash), "ArtworkCertificateInvalidStatus", [bad], watch);
      }
      await expectRefused(cert, () => cert.connect(house).setStatus(sunflowers, STATUS.LOST, 6, ethers.ZeroHash), "ArtworkCertificateInvalidReason", [6], watch);
      await expectRefused(cert, () => cert.connect(house).setStatus(sunflowers, STATUS.REVOKED, REASON.NONE, doc("why")), "ArtworkCertificateInvalidReason", [REASON.NONE], watch);
      await expectRefused(cert, () => cert.connect(house).setStatus(77n, STATUS.LOST, 0, ethers.ZeroHash), "ERC721NonexistentToken", [77n], watch);
    });

    it("takes status rights away from a deauthorised issuer; the platform owner keeps them", async () => {
      const { cert, house, owner, alice, sunflowers } = await loadFixture(artworkFixture);
      await cert.deauthorizeIssuer(house.address);
      await expectRefused(cert, () => cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, ethers.ZeroHash), "ArtworkCertificateNotAuthorized", [house.address, sunflowers], { tokenIds: [sunflowers], accounts: [alice.address] });
      expect(await cert.issuerOf(sunflowers)).to.equal(house.address);
      await expect(cert.connect(owner).setStatus(sunflowers, STATUS.STOLEN, 0, ethers.ZeroHash)).to.emit(cert, "StatusChanged");
    });
  });

  describe("transfers of a certificate that is not active", () => {
    for (const status of [STATUS.LOST, STATUS.STOLEN, STATUS.DESTROYED, STATUS.REVOKED]) {
      it(`a ${NAME[status]} certificate cannot move by transfer, either safe transfer, an approved account, an operator or a forced transfer`, async () => {
        const { cert, house, owner, alice, bob, carol, outsider, sunflowers } = await loadFixture(artworkFixture);
        await cert.connect(alice).approve(carol.address, sunflowers);
        await cert.connect(alice).setApprovalForAll(outsider.address, true);
        await putInto(cert, house, sunflowers, status);
        const code = BLOCKING[status]!;
        expect(await cert.detectTransferRestriction(alice.address, bob.address, sunflowers)).to.equal(code);
        expect(await cert.detectTransferRestrictionFrom(carol.address, alice.address, bob.address, sunflowers)).to.equal(code);
        expect(await cert.canTransfer(alice.address, bob.address, sunflowers)).to.equal(false);
        const watch = { tokenIds: [sunflowers], accounts: [alice.address, bob.address] };
        const refusal = ["ArtworkCertificateTransferRestricted", [sunflowers, code]] as const;
        await expectRefused(cert, () => cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers), ...refusal, watch);
        await expectRefused(cert, () => cert.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, sunflowers), ...refusal, watch);
        await expectRefused(cert, () => cert.connect(alice)["safeTransferFrom(address,address,uint256,bytes)"](alice.address, bob.address, sunflowers, "0x"), ...refusal, watch);
        await expectRefused(cert, () => cert.connect(carol).transferFrom(alice.address, bob.address, sunflowers), ...refusal, watch);
        await expectRefused(cert, () => cert.connect(outsider)["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, sunflowers), ...refusal, watch);
        for (const who of [house, owner]) {
          await expectRefused(cert, () => cert.connect(who).forcedTransfer(alice.address, bob.address, sunflowers), ...refusal, watch);
        }
        expect(await cert.messageForTransferRestriction(code)).to.match(/lost|stolen|destroyed|revoked/);
      });
    }

    it("a stolen certificate held by a contract (a vault) cannot move either: the contract is its owner", async () => {
      const { cert, house, alice, bob, sunflowers } = await loadFixture(artworkFixture);
      const vault = await (await ethers.getContractFactory("ReentrantReceiver")).deploy();
      await cert.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, await vault.getAddress(), sunflowers);
      await cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, doc("police report"));
      const move = cert.interface.encodeFunctionData("transferFrom", [await vault.getAddress(), bob.address, sunflowers]);
      await expectRefused(cert, () => vault.execute(cert.target as string, move), "ArtworkCertificateTransferRestricted", [sunflowers, ART_CODE.STOLEN], { tokenIds: [sunflowers], accounts: [bob.address] });
      expect(await cert.ownerOf(sunflowers)).to.equal(await vault.getAddress());
    });

    it("approvals stay possible while a certificate is stolen, but the approved account still cannot move it", async () => {
      const { cert, house, alice, carol, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, ethers.ZeroHash);
      await cert.connect(alice).approve(carol.address, sunflowers);
      await expect(cert.connect(carol).transferFrom(alice.address, carol.address, sunflowers))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateTransferRestricted").withArgs(sunflowers, ART_CODE.STOLEN);
    });
  });

  describe("recovery", () => {
    for (const status of [STATUS.LOST, STATUS.STOLEN]) {
      it(`setting a ${NAME[status]} certificate active again recovers it in place: it moves again`, async () => {
        const { cert, house, alice, bob, sunflowers } = await loadFixture(artworkFixture);
        await putInto(cert, house, sunflowers, status);
        await cert.connect(house).setStatus(sunflowers, STATUS.ACTIVE, 0, doc("found"));
        expect(await cert.detectTransferRestriction(alice.address, bob.address, sunflowers)).to.equal(CODE.SUCCESS);
        await cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers);
        expect(await cert.ownerOf(sunflowers)).to.equal(bob.address);
      });
    }

    it("recover marks a stolen certificate active and hands it to the rightful owner in one transaction, lifting a freeze", async () => {
      const { cert, house, alice, bob, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(alice).transferFrom(alice.address, bob.address, sunflowers); // bob is the thief here
      await cert.connect(house).setFrozenTokens(bob.address, sunflowers, true);
      await cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, doc("police report"));
      const tx = cert.connect(house).recover(sunflowers, alice.address, doc("court order"));
      await expect(tx).to.emit(cert, "StatusChanged").withArgs(sunflowers, STATUS.STOLEN, STATUS.ACTIVE, REASON.NONE, doc("court order"), house.address);
      await expect(tx).to.emit(cert, "Frozen").withArgs(bob.address, sunflowers, false);
      await expect(tx).to.emit(cert, "ForcedTransfer").withArgs(bob.address, alice.address, sunflowers);
      expect(await cert.ownerOf(sunflowers)).to.equal(alice.address);
      expect(await cert.statusOf(sunflowers)).to.equal(STATUS.ACTIVE);
      expect(await cert.getFrozenTokens(bob.address, sunflowers)).to.equal(false);
      expect((await cert.certificate(sunflowers)).frozenAccounts).to.equal(0n);
    });

    it("recover to the current holder only marks it active, without a move", async () => {
      const { cert, owner, house, alice, sunflowers } = await loadFixture(artworkFixture);
      await cert.connect(house).setStatus(sunflowers, STATUS.LOST, 0, ethers.ZeroHash);
      await expect(cert.connect(owner).recover(sunflowers, alice.address, ethers.ZeroHash))
        .to.emit(cert, "StatusChanged").and.not.to.emit(cert, "ForcedTransfer");
      expect(await cert.ownerOf(sunflowers)).to.equal(alice.address);
    });

    it("refuses recovering an active, destroyed or revoked certificate, by anyone else, or to the zero address", async () => {
      const { cert, house, gallery, alice, bob, sunflowers } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [sunflowers], accounts: [alice.address, bob.address] };
      await expectRefused(cert, () => cert.connect(house).recover(sunflowers, bob.address, ethers.ZeroHash), "ArtworkCertificateInvalidStatusChange", [sunflowers, STATUS.ACTIVE, STATUS.ACTIVE], watch);
      await cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, ethers.ZeroHash);
      for (const who of [gallery, alice]) {
        await expectRefused(cert, () => cert.connect(who).recover(sunflowers, who.address, ethers.ZeroHash), "ArtworkCertificateNotAuthorized", [who.address, sunflowers], watch);
      }
      await expectRefused(cert, () => cert.connect(house).recover(sunflowers, ethers.ZeroAddress, ethers.ZeroHash), "ERC721InvalidReceiver", [ethers.ZeroAddress], watch);
      await cert.connect(house).setStatus(sunflowers, STATUS.DESTROYED, 0, ethers.ZeroHash);
      await expectRefused(cert, () => cert.connect(house).recover(sunflowers, bob.address, ethers.ZeroHash), "ArtworkCertificateInvalidStatusChange", [sunflowers, STATUS.DESTROYED, STATUS.ACTIVE], watch);
    });
  });
});
