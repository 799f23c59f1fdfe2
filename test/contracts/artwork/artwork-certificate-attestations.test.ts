import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ArtworkCertificate } from "../../../typechain-types";
import {
  ATTESTATION, ATTESTATION_TYPES, artworkFixture, doc, EIP712_NAME, REASON, ROLE, signAttestation, STATUS,
  type AttestationInput,
} from "./fixture";

/** The call reverts with `error(args)` and the listed attestations keep their state. */
async function expectAttestationRefused(cert: ArtworkCertificate, call: () => Promise<unknown>, error: string, args: unknown[], ids: string[]) {
  const before = await Promise.all(ids.map((id) => cert.attestationState(id)));
  await expect(call()).to.be.revertedWithCustomError(cert, error).withArgs(...args);
  expect(await Promise.all(ids.map((id) => cert.attestationState(id)))).to.deep.equal(before);
}

async function fixture() {
  const f = await artworkFixture();
  const deadline = BigInt((await time.latest()) + 3600);
  const message: AttestationInput = { tokenId: f.sunflowers, role: ROLE.SPECIALIST, statementHash: doc("specialist opinion"), nonce: 7n, deadline };
  const wallet = await (await ethers.getContractFactory("ERC1271WalletMock")).deploy(f.conservator.address);
  return { ...f, deadline, message, wallet };
}

const submit = (cert: ArtworkCertificate, m: AttestationInput, attester: string, signature: string) =>
  cert.attestWithSignature(m.tokenId, m.role, m.statementHash, m.nonce, m.deadline, attester, signature);

describe("ArtworkCertificate: attestations", () => {
  describe("sent by the attester", () => {
    it("records an attestation in each role, with an id that binds certificate, attester and nonce", async () => {
      const { cert, artist, sunflowers } = await loadFixture(fixture);
      for (const role of [ROLE.ARTIST, ROLE.SPECIALIST, ROLE.CONSERVATOR, ROLE.APPRAISER]) {
        const nonce = BigInt(role);
        const id = await cert.attestationId(sunflowers, artist.address, nonce);
        expect(id).to.equal(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address", "uint256"], [sunflowers, artist.address, nonce])));
        expect(await cert.connect(artist).attest.staticCall(sunflowers, role, doc(`statement ${role}`), nonce)).to.equal(id);
        await expect(cert.connect(artist).attest(sunflowers, role, doc(`statement ${role}`), nonce))
          .to.emit(cert, "AttestationRecorded").withArgs(sunflowers, id, artist.address, role, doc(`statement ${role}`), nonce, false);
        expect(await cert.attestationState(id)).to.equal(ATTESTATION.ACTIVE);
      }
    });

    it("refuses an unknown role, an empty statement, an id never issued, a revoked certificate and a nonce used twice", async () => {
      const { cert, house, artist, sunflowers } = await loadFixture(fixture);
      const id = await cert.attestationId(sunflowers, artist.address, 1n);
      for (const role of [0, 5]) {
        await expectAttestationRefused(cert, () => cert.connect(artist).attest(sunflowers, role, doc("s"), 1n), "ArtworkCertificateInvalidRole", [role], [id]);
      }
      await expectAttestationRefused(cert, () => cert.connect(artist).attest(sunflowers, ROLE.ARTIST, ethers.ZeroHash, 1n), "ArtworkCertificateInvalidStatementHash", [], [id]);
      await expectAttestationRefused(cert, () => cert.connect(artist).attest(9n, ROLE.ARTIST, doc("s"), 1n), "ERC721NonexistentToken", [9n], [await cert.attestationId(9n, artist.address, 1n)]);
      await cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("s"), 1n);
      await expectAttestationRefused(cert, () => cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("other"), 1n), "ArtworkCertificateAttestationExists", [id], [id]);
      await cert.connect(house).setStatus(sunflowers, STATUS.REVOKED, REASON.NOT_AUTHENTIC, doc("forgery"));
      const next = await cert.attestationId(sunflowers, artist.address, 2n);
      await expectAttestationRefused(cert, () => cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("s"), 2n), "ArtworkCertificateClosed", [sunflowers, STATUS.REVOKED], [next]);
    });

    it("still records attestations on a destroyed work's certificate: its history stays open", async () => {
      const { cert, house, conservator, sunflowers } = await loadFixture(fixture);
      await cert.connect(house).setStatus(sunflowers, STATUS.DESTROYED, REASON.NONE, doc("fire"));
      await expect(cert.connect(conservator).attest(sunflowers, ROLE.CONSERVATOR, doc("loss report"), 1n)).to.emit(cert, "AttestationRecorded");
    });
  });

  describe("carried as an EIP-712 signature", () => {
    it("records an EOA's signed attestation submitted by anyone, and exposes the digest it signs", async () => {
      const { cert, specialist, relayer, message } = await loadFixture(fixture);
      const { chainId } = await ethers.provider.getNetwork();
      const digest = ethers.TypedDataEncoder.hash({ name: EIP712_NAME, version: "1", chainId, verifyingContract: await cert.getAddress() }, ATTESTATION_TYPES, message);
      expect(await cert.attestationDigest(message.tokenId, message.role, message.statementHash, message.nonce, message.deadline)).to.equal(digest);
      const signature = await signAttestation(specialist, cert, message);
      const id = await cert.attestationId(message.tokenId, specialist.address, message.nonce);
      await expect(submit(cert.connect(relayer), message, specialist.address, signature))
        .to.emit(cert, "AttestationRecorded").withArgs(message.tokenId, id, specialist.address, message.role, message.statementHash, message.nonce, true);
      expect(await cert.attestationState(id)).to.equal(ATTESTATION.ACTIVE);
    });

    it("records an ERC-1271 wallet's signed attestation, and refuses one its owner key did not sign", async () => {
      const { cert, conservator, specialist, relayer, message, wallet } = await loadFixture(fixture);
      const walletAddress = await wallet.getAddress();
      const m = { ...message, role: ROLE.CONSERVATOR };
      const id = await cert.attestationId(m.tokenId, walletAddress, m.nonce);
      const forged = await signAttestation(specialist, cert, m);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), m, walletAddress, forged), "ArtworkCertificateInvalidSignature", [walletAddress], [id]);
      const signature = await signAttestation(conservator, cert, m);
      await expect(submit(cert.connect(relayer), m, walletAddress, signature))
        .to.emit(cert, "AttestationRecorded").withArgs(m.tokenId, id, walletAddress, m.role, m.statementHash, m.nonce, true);
    });

    it("refuses a signature replayed: the same one twice, or after the attester used the nonce itself", async () => {
      const { cert, specialist, relayer, message } = await loadFixture(fixture);
      const signature = await signAttestation(specialist, cert, message);
      const id = await cert.attestationId(message.tokenId, specialist.address, message.nonce);
      await submit(cert.connect(relayer), message, specialist.address, signature);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, specialist.address, signature), "ArtworkCertificateAttestationExists", [id], [id]);

      const m2 = { ...message, nonce: 8n };
      const id2 = await cert.attestationId(m2.tokenId, specialist.address, m2.nonce);
      const signed2 = await signAttestation(specialist, cert, m2);
      await cert.connect(specialist).attest(m2.tokenId, m2.role, m2.statementHash, m2.nonce);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), m2, specialist.address, signed2), "ArtworkCertificateAttestationExists", [id2], [id2]);
    });

    it("refuses a signature replayed on another certificate, for another attester, or with altered fields", async () => {
      const { cert, house, bob, specialist, artist, relayer, message } = await loadFixture(fixture);
      const signature = await signAttestation(specialist, cert, message);
      const other = ethers.sha256(ethers.toUtf8Bytes("another work"));
      await cert.connect(house).mint(bob.address, other, ethers.ZeroAddress, 0);
      const variants: AttestationInput[] = [
        { ...message, tokenId: BigInt(other) },
        { ...message, role: ROLE.APPRAISER },
        { ...message, statementHash: doc("another opinion") },
        { ...message, nonce: message.nonce + 1n },
        { ...message, deadline: message.deadline + 1n },
      ];
      for (const v of variants) {
        const id = await cert.attestationId(v.tokenId, specialist.address, v.nonce);
        await expectAttestationRefused(cert, () => submit(cert.connect(relayer), v, specialist.address, signature), "ArtworkCertificateInvalidSignature", [specialist.address], [id]);
      }
      const asArtist = await cert.attestationId(message.tokenId, artist.address, message.nonce);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, artist.address, signature), "ArtworkCertificateInvalidSignature", [artist.address], [asArtist]);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, specialist.address, "0x1234"), "ArtworkCertificateInvalidSignature", [specialist.address], [asArtist]);
    });

    it("refuses a signature made for another contract, another chain, or another domain name or version", async () => {
      const { cert, gated, specialist, relayer, message, irises } = await loadFixture(fixture);
      const id = await cert.attestationId(message.tokenId, specialist.address, message.nonce);
      const domains = [
        { verifyingContract: await gated.getAddress() },
        { chainId: 1n },
        { name: "Folio Artwork Certificates" },
        { version: "2" },
      ];
      for (const domain of domains) {
        const signature = await signAttestation(specialist, cert, message, domain);
        await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, specialist.address, signature), "ArtworkCertificateInvalidSignature", [specialist.address], [id]);
      }
      // The same signature is good on the collection it was made for, not here.
      const forGated = { ...message, tokenId: irises };
      const signature = await signAttestation(specialist, gated, forGated);
      await expect(submit(gated.connect(relayer), forGated, specialist.address, signature)).to.emit(gated, "AttestationRecorded");
      await expect(submit(cert.connect(relayer), forGated, specialist.address, signature)).to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidSignature");
    });

    it("refuses a signature after its deadline", async () => {
      const { cert, specialist, relayer, message } = await loadFixture(fixture);
      const signature = await signAttestation(specialist, cert, message);
      await time.increaseTo(message.deadline + 1n);
      const id = await cert.attestationId(message.tokenId, specialist.address, message.nonce);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, specialist.address, signature), "ArtworkCertificateSignatureExpired", [message.deadline], [id]);
    });
  });

  describe("revocation", () => {
    it("lets the attester revoke its attestation with a reason, once", async () => {
      const { cert, artist, sunflowers } = await loadFixture(fixture);
      await cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("statement"), 1n);
      const id = await cert.attestationId(sunflowers, artist.address, 1n);
      await expect(cert.connect(artist).revokeAttestation(sunflowers, artist.address, 1n, REASON.ISSUED_IN_ERROR, doc("retraction")))
        .to.emit(cert, "AttestationRevoked").withArgs(sunflowers, id, artist.address, REASON.ISSUED_IN_ERROR, doc("retraction"), artist.address);
      expect(await cert.attestationState(id)).to.equal(ATTESTATION.REVOKED);
      await expectAttestationRefused(cert, () => cert.connect(artist).revokeAttestation(sunflowers, artist.address, 1n, REASON.OTHER, ethers.ZeroHash), "ArtworkCertificateAttestationNotActive", [id], [id]);
    });

    it("lets the platform owner revoke an attestation in a dispute; nobody else", async () => {
      const { cert, owner, house, alice, artist, sunflowers } = await loadFixture(fixture);
      await cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("statement"), 1n);
      const id = await cert.attestationId(sunflowers, artist.address, 1n);
      for (const who of [house, alice]) {
        await expectAttestationRefused(cert, () => cert.connect(who).revokeAttestation(sunflowers, artist.address, 1n, REASON.LEGAL_ORDER, ethers.ZeroHash), "ArtworkCertificateNotAttester", [who.address, id], [id]);
      }
      await expect(cert.connect(owner).revokeAttestation(sunflowers, artist.address, 1n, REASON.LEGAL_ORDER, doc("ruling")))
        .to.emit(cert, "AttestationRevoked").withArgs(sunflowers, id, artist.address, REASON.LEGAL_ORDER, doc("ruling"), owner.address);
    });

    it("refuses a revocation without a reason or with an unknown one", async () => {
      const { cert, artist, sunflowers } = await loadFixture(fixture);
      await cert.connect(artist).attest(sunflowers, ROLE.ARTIST, doc("statement"), 1n);
      const id = await cert.attestationId(sunflowers, artist.address, 1n);
      for (const reason of [REASON.NONE, 6]) {
        await expectAttestationRefused(cert, () => cert.connect(artist).revokeAttestation(sunflowers, artist.address, 1n, reason, ethers.ZeroHash), "ArtworkCertificateInvalidReason", [reason], [id]);
      }
    });

    it("lets an ERC-1271 wallet revoke its own attestation by calling from the wallet", async () => {
      const { cert, conservator, relayer, message, wallet } = await loadFixture(fixture);
      const walletAddress = await wallet.getAddress();
      await submit(cert.connect(relayer), message, walletAddress, await signAttestation(conservator, cert, message));
      const revoke = cert.interface.encodeFunctionData("revokeAttestation", [message.tokenId, walletAddress, message.nonce, REASON.SUPERSEDED, doc("new report")]);
      await expect(wallet.connect(conservator).execute(await cert.getAddress(), revoke)).to.emit(cert, "AttestationRevoked");
      expect(await cert.attestationState(await cert.attestationId(message.tokenId, walletAddress, message.nonce))).to.equal(ATTESTATION.REVOKED);
    });

    it("lets the attester cancel a nonce it signed but nobody submitted, so the signature is dead", async () => {
      const { cert, owner, specialist, relayer, message } = await loadFixture(fixture);
      const signature = await signAttestation(specialist, cert, message);
      const id = await cert.attestationId(message.tokenId, specialist.address, message.nonce);
      for (const who of [relayer, owner]) {
        await expectAttestationRefused(cert, () => cert.connect(who).revokeAttestation(message.tokenId, specialist.address, message.nonce, REASON.OTHER, ethers.ZeroHash), "ArtworkCertificateNotAttester", [who.address, id], [id]);
      }
      await expect(cert.connect(specialist).revokeAttestation(message.tokenId, specialist.address, message.nonce, REASON.NONE, ethers.ZeroHash))
        .to.emit(cert, "AttestationCancelled").withArgs(message.tokenId, id, specialist.address);
      expect(await cert.attestationState(id)).to.equal(ATTESTATION.CANCELLED);
      await expectAttestationRefused(cert, () => submit(cert.connect(relayer), message, specialist.address, signature), "ArtworkCertificateAttestationExists", [id], [id]);
      await expectAttestationRefused(cert, () => cert.connect(specialist).revokeAttestation(message.tokenId, specialist.address, message.nonce, REASON.OTHER, ethers.ZeroHash), "ArtworkCertificateAttestationNotActive", [id], [id]);
    });
  });
});
