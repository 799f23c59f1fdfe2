import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { artworkFixture, expectRefused, metadataHash, STATUS, tokenIdOf } from "./fixture";

/** RFC 4648 base32, lower case, no padding: an implementation independent of the contract's. */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** CIDv1, codec raw, sha2-256 multihash, multibase base32. */
const cidOf = (sha256: string) => "b" + base32(ethers.getBytes(ethers.concat(["0x01551220", sha256])));

describe("ArtworkCertificate: issuers, issuance, royalties and metadata", () => {
  describe("issuers", () => {
    it("lets only the platform owner authorise and deauthorise issuers, with events", async () => {
      const { cert, owner, house, outsider } = await loadFixture(artworkFixture);
      await expect(cert.connect(house).authorizeIssuer(outsider.address))
        .to.be.revertedWithCustomError(cert, "OwnableUnauthorizedAccount").withArgs(house.address);
      await expect(cert.connect(owner).authorizeIssuer(outsider.address)).to.emit(cert, "IssuerAuthorized").withArgs(outsider.address, 3);
      expect(await cert.isIssuer(outsider.address)).to.equal(true);
      await expect(cert.connect(house).deauthorizeIssuer(outsider.address))
        .to.be.revertedWithCustomError(cert, "OwnableUnauthorizedAccount").withArgs(house.address);
      await expect(cert.deauthorizeIssuer(outsider.address)).to.emit(cert, "IssuerDeauthorized").withArgs(outsider.address, 3);
      expect(await cert.isIssuer(outsider.address)).to.equal(false);
      // Re-authorising keeps the issuer's id, so its earlier certificates are its own again.
      await expect(cert.authorizeIssuer(outsider.address)).to.emit(cert, "IssuerAuthorized").withArgs(outsider.address, 3);
    });

    it("lets only the platform owner name the fraction vault, whose locked certificates no forced move may take out", async () => {
      const { cert, owner, house, outsider } = await loadFixture(artworkFixture);
      const before = await cert.fractionVault();
      await expect(cert.connect(house).setFractionVault(outsider.address))
        .to.be.revertedWithCustomError(cert, "OwnableUnauthorizedAccount").withArgs(house.address);
      expect(await cert.fractionVault()).to.equal(before);
      await expect(cert.connect(owner).setFractionVault(outsider.address)).to.emit(cert, "FractionVaultSet").withArgs(outsider.address);
      expect(await cert.fractionVault()).to.equal(outsider.address);
    });

    it("refuses the zero address, an issuer twice, and deauthorising a non-issuer", async () => {
      const { cert, house, outsider } = await loadFixture(artworkFixture);
      await expect(cert.authorizeIssuer(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateInvalidIssuer").withArgs(ethers.ZeroAddress);
      await expect(cert.authorizeIssuer(house.address))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateIssuerExists").withArgs(house.address);
      await expect(cert.deauthorizeIssuer(outsider.address))
        .to.be.revertedWithCustomError(cert, "ArtworkCertificateNotIssuer").withArgs(outsider.address);
    });
  });

  describe("mint", () => {
    it("issues a certificate whose id is its metadata hash, with issuer, status, royalty and events", async () => {
      const { cert, house, bob, artist } = await loadFixture(artworkFixture);
      const hash = metadataHash("Starry Night");
      const id = tokenIdOf(hash);
      await expect(cert.connect(house).mint(bob.address, hash, artist.address, 400))
        .to.emit(cert, "CertificateIssued").withArgs(id, house.address, bob.address, hash, artist.address, 400)
        .and.to.emit(cert, "Transfer").withArgs(ethers.ZeroAddress, bob.address, id);
      expect(await cert.ownerOf(id)).to.equal(bob.address);
      expect(await cert.issuerOf(id)).to.equal(house.address);
      expect(await cert.contentHashOf(id)).to.equal(hash);
      expect(await cert.statusOf(id)).to.equal(STATUS.ACTIVE);
      const c = await cert.certificate(id);
      expect([c.issuer, c.contentHash, c.status, c.royaltyReceiver, c.royaltyBps, c.frozenAccounts])
        .to.deep.equal([house.address, hash, BigInt(STATUS.ACTIVE), artist.address, 400n, 0n]);
    });

    it("returns the token id to a caller simulating the mint", async () => {
      const { cert, house, bob } = await loadFixture(artworkFixture);
      const hash = metadataHash("Wheatfield");
      expect(await cert.connect(house).mint.staticCall(bob.address, hash, ethers.ZeroAddress, 0)).to.equal(tokenIdOf(hash));
    });

    it("refuses a mint by anyone but an authorised issuer, the platform owner included", async () => {
      const { cert, owner, house, outsider, bob } = await loadFixture(artworkFixture);
      const hash = metadataHash("Unauthorised");
      const watch = { tokenIds: [tokenIdOf(hash)], accounts: [bob.address] };
      for (const who of [outsider, owner]) {
        await expectRefused(cert, () => cert.connect(who).mint(bob.address, hash, ethers.ZeroAddress, 0), "ArtworkCertificateNotIssuer", [who.address], watch);
      }
      await cert.deauthorizeIssuer(house.address);
      await expectRefused(cert, () => cert.connect(house).mint(bob.address, hash, ethers.ZeroAddress, 0), "ArtworkCertificateNotIssuer", [house.address], watch);
    });

    it("refuses a zero content hash, a hash already certified, and the zero recipient", async () => {
      const { cert, house, gallery, bob, sunflowers } = await loadFixture(artworkFixture);
      const watch = { tokenIds: [sunflowers], accounts: [bob.address] };
      await expectRefused(cert, () => cert.connect(house).mint(bob.address, ethers.ZeroHash, ethers.ZeroAddress, 0), "ArtworkCertificateInvalidContentHash", [ethers.ZeroHash], watch);
      const taken = ethers.toBeHex(sunflowers, 32);
      await expectRefused(cert, () => cert.connect(gallery).mint(bob.address, taken, ethers.ZeroAddress, 0), "ArtworkCertificateContentTaken", [taken], watch);
      const fresh = metadataHash("Nobody's");
      await expectRefused(cert, () => cert.connect(house).mint(ethers.ZeroAddress, fresh, ethers.ZeroAddress, 0), "ERC721InvalidReceiver", [ethers.ZeroAddress], { ...watch, tokenIds: [tokenIdOf(fresh)] });
    });

    it("refuses a recipient contract that does not accept ERC-721 tokens", async () => {
      const { cert, house, registry } = await loadFixture(artworkFixture);
      const hash = metadataHash("Into a registry");
      await expectRefused(cert, () => cert.connect(house).mint(registry.target as string, hash, ethers.ZeroAddress, 0), "ERC721InvalidReceiver", [registry.target], { tokenIds: [tokenIdOf(hash)], accounts: [] });
    });
  });

  describe("royalties (ERC-2981)", () => {
    it("pays the artist's resale royalty recorded at mint", async () => {
      const { cert, artist, sunflowers } = await loadFixture(artworkFixture);
      expect(await cert.royaltyInfo(sunflowers, 1_000_000n)).to.deep.equal([artist.address, 50_000n]);
    });

    it("caps the royalty at 10% and refuses one above it", async () => {
      const { cert, house, bob, artist } = await loadFixture(artworkFixture);
      const atCap = metadataHash("At the cap");
      await cert.connect(house).mint(bob.address, atCap, artist.address, 1_000);
      expect(await cert.royaltyInfo(tokenIdOf(atCap), 10_000n)).to.deep.equal([artist.address, 1_000n]);
      const over = metadataHash("Over the cap");
      await expectRefused(cert, () => cert.connect(house).mint(bob.address, over, artist.address, 1_001), "ArtworkCertificateRoyaltyTooHigh", [1_001, 1_000], { tokenIds: [tokenIdOf(over)], accounts: [bob.address] });
    });

    it("records no royalty as (0, 0) and refuses a receiver without a rate or a rate without a receiver", async () => {
      const { cert, house, bob, artist } = await loadFixture(artworkFixture);
      const none = metadataHash("No royalty");
      await cert.connect(house).mint(bob.address, none, ethers.ZeroAddress, 0);
      expect(await cert.royaltyInfo(tokenIdOf(none), 10_000n)).to.deep.equal([ethers.ZeroAddress, 0n]);
      const bad = metadataHash("Half a royalty");
      const watch = { tokenIds: [tokenIdOf(bad)], accounts: [bob.address] };
      await expectRefused(cert, () => cert.connect(house).mint(bob.address, bad, ethers.ZeroAddress, 300), "ArtworkCertificateInvalidRoyaltyReceiver", [ethers.ZeroAddress], watch);
      await expectRefused(cert, () => cert.connect(house).mint(bob.address, bad, artist.address, 0), "ArtworkCertificateInvalidRoyaltyReceiver", [artist.address], watch);
    });

    it("answers no royalty for an id never issued", async () => {
      const { cert } = await loadFixture(artworkFixture);
      await expect(cert.royaltyInfo(123n, 1000n)).to.be.revertedWithCustomError(cert, "ERC721NonexistentToken").withArgs(123n);
    });
  });

  describe("tokenURI and metadata updates (ERC-4906)", () => {
    it("derives tokenURI from the content hash as an IPFS CIDv1 (raw, sha2-256)", async () => {
      const { cert, house, bob, sunflowers } = await loadFixture(artworkFixture);
      expect(await cert.tokenURI(sunflowers)).to.equal("ipfs://" + cidOf(ethers.toBeHex(sunflowers, 32)));
      // The well-known CID of empty content pins the encoding to what IPFS computes.
      const empty = ethers.sha256("0x");
      await cert.connect(house).mint(bob.address, empty, ethers.ZeroAddress, 0);
      expect(await cert.tokenURI(tokenIdOf(empty))).to.equal("ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    });

    it("lets only the platform owner change the base URI, announcing a refresh of every certificate", async () => {
      const { cert, house, sunflowers } = await loadFixture(artworkFixture);
      await expect(cert.connect(house).setBaseURI("https://evil.example/"))
        .to.be.revertedWithCustomError(cert, "OwnableUnauthorizedAccount").withArgs(house.address);
      await expect(cert.setBaseURI("https://folio.example/metadata/"))
        .to.emit(cert, "BaseURISet").withArgs("https://folio.example/metadata/")
        .and.to.emit(cert, "BatchMetadataUpdate").withArgs(0n, ethers.MaxUint256);
      expect(await cert.baseURI()).to.equal("https://folio.example/metadata/");
      expect(await cert.tokenURI(sunflowers)).to.equal("https://folio.example/metadata/" + cidOf(ethers.toBeHex(sunflowers, 32)));
    });

    it("lets the issuer replace the metadata: same id, new hash and URI, ERC-4906 MetadataUpdate", async () => {
      const { cert, house, sunflowers } = await loadFixture(artworkFixture);
      const v2 = metadataHash("Sunflowers", { revision: 2 });
      await expect(cert.connect(house).updateMetadata(sunflowers, v2))
        .to.emit(cert, "MetadataHashUpdated").withArgs(sunflowers, ethers.toBeHex(sunflowers, 32), v2, house.address)
        .and.to.emit(cert, "MetadataUpdate").withArgs(sunflowers);
      expect(await cert.contentHashOf(sunflowers)).to.equal(v2);
      expect(await cert.tokenURI(sunflowers)).to.equal("ipfs://" + cidOf(v2));
      // The platform owner may correct it too, back to the original.
      await cert.updateMetadata(sunflowers, ethers.toBeHex(sunflowers, 32));
      expect(await cert.contentHashOf(sunflowers)).to.equal(ethers.toBeHex(sunflowers, 32));
    });

    it("keeps a hash used by an update from being certified or used again", async () => {
      const { cert, house, gallery, bob, sunflowers } = await loadFixture(artworkFixture);
      const v2 = metadataHash("Sunflowers", { revision: 2 });
      await cert.connect(house).updateMetadata(sunflowers, v2);
      expect(await cert.statusOf(tokenIdOf(v2))).to.equal(STATUS.NONE);
      await expectRefused(cert, () => cert.connect(gallery).mint(bob.address, v2, ethers.ZeroAddress, 0), "ArtworkCertificateContentTaken", [v2], { tokenIds: [sunflowers], accounts: [bob.address] });
      const other = metadataHash("Other");
      await cert.connect(gallery).mint(bob.address, other, ethers.ZeroAddress, 0);
      await expectRefused(cert, () => cert.connect(gallery).updateMetadata(tokenIdOf(other), v2), "ArtworkCertificateContentTaken", [v2], { tokenIds: [sunflowers, tokenIdOf(other)], accounts: [bob.address] });
      await expectRefused(cert, () => cert.connect(gallery).updateMetadata(tokenIdOf(other), ethers.toBeHex(sunflowers, 32)), "ArtworkCertificateContentTaken", [ethers.toBeHex(sunflowers, 32)], { tokenIds: [sunflowers, tokenIdOf(other)], accounts: [bob.address] });
    });

    it("refuses metadata updates by another issuer or the owner, to a zero or unchanged hash, and once destroyed or revoked", async () => {
      const { cert, house, gallery, alice, sunflowers } = await loadFixture(artworkFixture);
      const v2 = metadataHash("Sunflowers", { revision: 2 });
      const watch = { tokenIds: [sunflowers], accounts: [alice.address] };
      for (const who of [gallery, alice]) {
        await expectRefused(cert, () => cert.connect(who).updateMetadata(sunflowers, v2), "ArtworkCertificateNotAuthorized", [who.address, sunflowers], watch);
      }
      await expectRefused(cert, () => cert.connect(house).updateMetadata(sunflowers, ethers.ZeroHash), "ArtworkCertificateInvalidContentHash", [ethers.ZeroHash], watch);
      await expectRefused(cert, () => cert.connect(house).updateMetadata(sunflowers, ethers.toBeHex(sunflowers, 32)), "ArtworkCertificateInvalidContentHash", [ethers.toBeHex(sunflowers, 32)], watch);
      await expectRefused(cert, () => cert.connect(house).updateMetadata(5n, v2), "ERC721NonexistentToken", [5n], watch);
      await cert.connect(house).setStatus(sunflowers, STATUS.DESTROYED, 0, ethers.ZeroHash);
      await expectRefused(cert, () => cert.connect(house).updateMetadata(sunflowers, v2), "ArtworkCertificateClosed", [sunflowers, STATUS.DESTROYED], watch);
    });
  });

  describe("ERC-165", () => {
    it("computes the ERC-7943 non-fungible interface id 0xbf1ef5fe from the interface, and declares its events and errors exactly", async () => {
      const iface = (await ethers.getContractAt("IERC7943NonFungible", ethers.ZeroAddress)).interface;
      let id = 0n;
      iface.forEachFunction((fn) => {
        if (fn.name !== "supportsInterface") id ^= BigInt(fn.selector);
      });
      expect(ethers.toBeHex(id, 4)).to.equal("0xbf1ef5fe");
      const signatures: string[] = [];
      iface.forEachFunction((fn) => void signatures.push(fn.format("sighash")));
      iface.forEachEvent((ev) => void signatures.push(`event ${ev.format("full")}`));
      iface.forEachError((er) => void signatures.push(`error ${er.format("sighash")}`));
      expect(signatures.sort()).to.deep.equal([
        "canReceive(address)",
        "canSend(address)",
        "canTransfer(address,address,uint256)",
        "error ERC7943CannotReceive(address)",
        "error ERC7943CannotSend(address)",
        "error ERC7943CannotTransfer(address,address,uint256)",
        "error ERC7943InsufficientUnfrozenBalance(address,uint256)",
        "event event ForcedTransfer(address indexed from, address indexed to, uint256 indexed tokenId)",
        "event event Frozen(address indexed account, uint256 indexed tokenId, bool indexed frozenStatus)",
        "forcedTransfer(address,address,uint256)",
        "getFrozenTokens(address,uint256)",
        "setFrozenTokens(address,uint256,bool)",
        "supportsInterface(bytes4)",
      ]);
    });

    it("reports ERC-165, ERC-721 (+metadata), ERC-2981, ERC-4906, ERC-7943, ERC-1404, ERC-173 and its own interface", async () => {
      const { cert } = await loadFixture(artworkFixture);
      const idOf = async (name: string) => {
        const iface = (await ethers.getContractAt(name, ethers.ZeroAddress)).interface;
        let id = 0n;
        iface.forEachFunction((fn) => void (id ^= BigInt(fn.selector)));
        return ethers.toBeHex(id, 4);
      };
      const supported = [
        "0x01ffc9a7", "0x80ac58cd", "0x5b5e139f", "0x2a55205a", "0x49064906", "0xbf1ef5fe", "0x7f5828d0",
        await idOf("IERC1404"), await idOf("IArtworkCertificate"),
      ];
      for (const id of supported) expect(await cert.supportsInterface(id), id).to.equal(true);
      // ERC721Enumerable, ERC-7943 fungible, and the invalid id.
      for (const id of ["0x780e9d63", "0x3edbb4c4", "0xffffffff"]) expect(await cert.supportsInterface(id), id).to.equal(false);
    });
  });
});
