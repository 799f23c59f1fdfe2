import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ArtworkCertificate } from "../../../../typechain-types";
import { REASON, STATUS, metadataHash, tokenIdOf } from "../fixture";
import { defaultTerms, encodeTerms, vaultPlatformFixture } from "./fixture";

// A certificate locked in the fraction vault has shares trading against it: the collection's privileged moves
// (ERC-7943 forcedTransfer, recover after lost or stolen) must not take it out; only the vault's buy-out does.

async function lockedCertificateFixture() {
  const f = await vaultPlatformFixture();
  const house = f.spare[4]!;
  const cert = (await (await ethers.getContractFactory("ArtworkCertificate")).deploy(
    f.owner.address, "Folio Artwork", "FART", ethers.ZeroAddress, false,
  )) as unknown as ArtworkCertificate;
  await cert.authorizeIssuer(house.address);
  await f.vault.setCertificateContract(await cert.getAddress(), true);
  await cert.setFractionVault(f.vaultAddress);
  const hash = metadataHash("Water Lilies");
  await cert.connect(house).mint(f.gallery.address, hash, house.address, 500);
  const id = tokenIdOf(hash);
  await cert.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.gallery.address, f.vaultAddress, id, encodeTerms(defaultTerms(f)));
  return { ...f, cert, house, id };
}

describe("ArtworkCertificate: a certificate locked in the fraction vault", () => {
  it("C1: only the platform owner names the fraction vault", async () => {
    const f = await loadFixture(lockedCertificateFixture);
    for (const who of [f.house, f.gallery, f.alice]) {
      await expect(f.cert.connect(who).setFractionVault(who.address)).to.be.revertedWithCustomError(f.cert, "OwnableUnauthorizedAccount");
    }
    expect(await f.cert.fractionVault()).to.equal(f.vaultAddress);
    await expect(f.cert.setFractionVault(ethers.ZeroAddress)).to.emit(f.cert, "FractionVaultSet").withArgs(ethers.ZeroAddress);
  });

  it("F2: the issuer's and the platform's forced transfers cannot take it out of the vault", async () => {
    const f = await loadFixture(lockedCertificateFixture);
    expect(await f.vault.isLocked(await f.cert.getAddress(), f.id)).to.equal(true);
    for (const who of [f.house, f.owner]) {
      await expect(f.cert.connect(who).forcedTransfer(f.vaultAddress, f.alice.address, f.id))
        .to.be.revertedWithCustomError(f.cert, "ArtworkCertificateLocked").withArgs(f.id, f.vaultAddress);
    }
    expect(await f.cert.ownerOf(f.id)).to.equal(f.vaultAddress);
  });

  it("F2: a locked work reported stolen is recovered in place, never to another wallet", async () => {
    const f = await loadFixture(lockedCertificateFixture);
    await f.cert.connect(f.house).setStatus(f.id, STATUS.STOLEN, REASON.NONE, ethers.id("police report"));
    await expect(f.cert.connect(f.house).recover(f.id, f.alice.address, ethers.id("court order")))
      .to.be.revertedWithCustomError(f.cert, "ArtworkCertificateLocked").withArgs(f.id, f.vaultAddress);
    expect(await f.cert.statusOf(f.id)).to.equal(STATUS.STOLEN);
    await f.cert.connect(f.house).recover(f.id, f.vaultAddress, ethers.id("found in the vault's custody"));
    expect(await f.cert.statusOf(f.id)).to.equal(STATUS.ACTIVE);
    expect(await f.cert.ownerOf(f.id)).to.equal(f.vaultAddress);
  });

  it("a holder that claims a lock is not asked: only the named vault is, so the issuer's forced transfer goes through", async () => {
    const f = await loadFixture(lockedCertificateFixture);
    const holder = await (await ethers.getContractFactory("LockClaimingHolderMock")).deploy();
    const hash = metadataHash("Haystacks");
    await f.cert.connect(f.house).mint(await holder.getAddress(), hash, f.house.address, 500);
    await expect(f.cert.connect(f.house).forcedTransfer(await holder.getAddress(), f.alice.address, tokenIdOf(hash)))
      .to.emit(f.cert, "ForcedTransfer");
    expect(await f.cert.ownerOf(tokenIdOf(hash))).to.equal(f.alice.address);
  });
});
