import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { artworkFixture, currency, doc, KIND, lot, REASON, STATUS } from "./fixture";

describe("ArtworkCertificate: provenance entries", () => {
  it("records custody, loan, exhibition and condition-report entries as events with their document hash", async () => {
    const { cert, house, sunflowers } = await loadFixture(artworkFixture);
    const entries = [
      [KIND.CUSTODY, 20260102, doc("warehouse receipt")],
      [KIND.LOAN, 20260301, doc("loan agreement")],
      [KIND.EXHIBITION, 18890000, doc("exhibition catalogue, 1889")], // year only
      [KIND.CONDITION_REPORT, 20260415, doc("condition report")],
    ] as const;
    for (const [kind, date, hash] of entries) {
      await expect(cert.connect(house).recordProvenance(sunflowers, kind, date, hash))
        .to.emit(cert, "ProvenanceRecorded").withArgs(sunflowers, kind, house.address, date, hash);
    }
    const logs = await cert.queryFilter(cert.filters.ProvenanceRecorded(sunflowers));
    expect(logs.map((l) => [l.args.kind, l.args.documentHash])).to.deep.equal(entries.map(([k, , h]) => [BigInt(k), h]));
  });

  it("records a sale with price, currency and lot number, and a private sale without a lot", async () => {
    const { cert, house, sunflowers } = await loadFixture(artworkFixture);
    await expect(cert.connect(house).recordSale(sunflowers, 20261120, 1_250_000_00n, currency("EUR"), lot("12A"), doc("invoice")))
      .to.emit(cert, "SaleRecorded").withArgs(sunflowers, house.address, 20261120, 1_250_000_00n, currency("EUR"), lot("12A"), doc("invoice"));
    await expect(cert.connect(house).recordSale(sunflowers, 20261201, 9_000_000n, currency("USD"), ethers.ZeroHash.slice(0, 34), doc("private sale")))
      .to.emit(cert, "SaleRecorded");
  });

  it("takes entries from any authorised issuer (the house reselling the work) and the platform owner", async () => {
    const { cert, owner, gallery, sunflowers } = await loadFixture(artworkFixture);
    await expect(cert.connect(gallery).recordProvenance(sunflowers, KIND.EXHIBITION, 20260601, doc("gallery show")))
      .to.emit(cert, "ProvenanceRecorded").withArgs(sunflowers, KIND.EXHIBITION, gallery.address, 20260601, doc("gallery show"));
    await expect(cert.connect(owner).recordSale(sunflowers, 20260601, 1n, currency("CHF"), lot("1"), doc("d")))
      .to.emit(cert, "SaleRecorded");
  });

  it("refuses entries from the holder, outsiders and deauthorised issuers", async () => {
    const { cert, house, alice, outsider, sunflowers } = await loadFixture(artworkFixture);
    await cert.deauthorizeIssuer(house.address);
    for (const who of [alice, outsider, house]) {
      await expect(cert.connect(who).recordProvenance(sunflowers, KIND.LOAN, 20260101, doc("d")))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateNotIssuer").withArgs(who.address);
      await expect(cert.connect(who).recordSale(sunflowers, 20260101, 1n, currency("EUR"), lot("1"), doc("d")))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateNotIssuer").withArgs(who.address);
    }
  });

  it("refuses an unknown kind (a sale must go through recordSale), an empty document hash and impossible dates", async () => {
    const { cert, house, sunflowers } = await loadFixture(artworkFixture);
    for (const kind of [0, KIND.SALE, 6]) {
      await expect(cert.connect(house).recordProvenance(sunflowers, kind, 20260101, doc("d")))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidProvenanceKind").withArgs(kind);
    }
    await expect(cert.connect(house).recordProvenance(sunflowers, KIND.LOAN, 20260101, ethers.ZeroHash))
      .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidDocumentHash");
    for (const date of [0, 9999, 20261301, 20260132, 20260015]) {
      await expect(cert.connect(house).recordProvenance(sunflowers, KIND.LOAN, date, doc("d")))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidDate").withArgs(date);
    }
    await expect(cert.connect(house).recordProvenance(sunflowers, KIND.LOAN, 18890500, doc("d"))).to.emit(cert, "ProvenanceRecorded");
  });

  it("refuses a sale without a price or with a currency that is not an ISO 4217 code", async () => {
    const { cert, house, sunflowers } = await loadFixture(artworkFixture);
    await expect(cert.connect(house).recordSale(sunflowers, 20260101, 0n, currency("EUR"), lot("1"), doc("d")))
      .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidSale").withArgs(0n, currency("EUR"));
    for (const code of ["eur", "E1R", "0x000000"]) {
      const c = code.startsWith("0x") ? code : currency(code);
      await expect(cert.connect(house).recordSale(sunflowers, 20260101, 5n, c, lot("1"), doc("d")))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidSale").withArgs(5n, c);
    }
  });

  it("keeps a destroyed work's history open, closes a revoked certificate's, and refuses an id never issued", async () => {
    const { cert, house, gallery, bob, sunflowers } = await loadFixture(artworkFixture);
    await cert.connect(house).setStatus(sunflowers, STATUS.DESTROYED, REASON.NONE, doc("fire"));
    await expect(cert.connect(house).recordProvenance(sunflowers, KIND.CONDITION_REPORT, 20260101, doc("loss assessment"))).to.emit(cert, "ProvenanceRecorded");
    const other = ethers.sha256(ethers.toUtf8Bytes("revoked work"));
    await cert.connect(gallery).mint(bob.address, other, ethers.ZeroAddress, 0);
    await cert.connect(gallery).setStatus(BigInt(other), STATUS.REVOKED, REASON.NOT_AUTHENTIC, doc("expert report"));
    await expect(cert.connect(gallery).recordProvenance(BigInt(other), KIND.LOAN, 20260101, doc("d")))
      .to.be.revertedWithCustomError(cert, "ArtworkCertificateClosed").withArgs(BigInt(other), STATUS.REVOKED);
    await expect(cert.connect(gallery).recordSale(BigInt(other), 20260101, 1n, currency("EUR"), lot("1"), doc("d")))
      .to.be.revertedWithCustomError(cert, "ArtworkCertificateClosed").withArgs(BigInt(other), STATUS.REVOKED);
    await expect(cert.connect(gallery).recordProvenance(42n, KIND.LOAN, 20260101, doc("d")))
      .to.be.revertedWithCustomError(cert, "ERC721NonexistentToken").withArgs(42n);
  });
});
