import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { artworkFixture, CODE, doc, expectRefused, INVESTOR_STATUS, investorId, metadataHash, STATUS, tokenIdOf } from "./fixture";

// The artwork items of the security checklist (section F), each test named with its number, and the core invariants
// of section G that apply to certificates, run as a stateful property test.

/** Every state-changing function of ArtworkCertificate, by whether it can move a certificate. */
const MOVES = ["transferFrom", "safeTransferFrom", "mint", "forcedTransfer", "recover"];
const DOES_NOT_MOVE = [
  "approve", "setApprovalForAll", "authorizeIssuer", "deauthorizeIssuer", "setBaseURI", "setFractionVault", "updateMetadata", "setStatus",
  "recordProvenance", "recordSale", "attest", "attestWithSignature", "revokeAttestation", "setFrozenTokens",
  "transferOwnership", "acceptOwnership", "renounceOwnership",
];

describe("ArtworkCertificate: security checklist F and invariants", () => {
  describe("F1: re-entrancy from onERC721Received", () => {
    it("F1: a receiver re-entering mint with the same work cannot mint it twice, and the records stay intact", async () => {
      const { cert, house, artist } = await loadFixture(artworkFixture);
      const receiver = await (await ethers.getContractFactory("ReentrantReceiver")).deploy();
      const receiverAddress = await receiver.getAddress();
      await cert.authorizeIssuer(receiverAddress);
      const hash = metadataHash("Re-entered");
      await receiver.arm(await cert.getAddress(), cert.interface.encodeFunctionData("mint", [receiverAddress, hash, artist.address, 100]));
      await cert.connect(house).mint(receiverAddress, hash, artist.address, 500);
      expect(await receiver.reentered()).to.equal(true);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(cert.interface.parseError(await receiver.reentryResult())?.name).to.equal("ArtworkCertificateContentTaken");
      expect(await cert.balanceOf(receiverAddress)).to.equal(1n);
      const c = await cert.certificate(tokenIdOf(hash));
      expect([c.issuer, c.royaltyBps, c.status]).to.deep.equal([house.address, 500n, BigInt(STATUS.ACTIVE)]);
    });

    it("F1: a receiver re-entering mint with another work gets a second, consistent certificate", async () => {
      const { cert, house } = await loadFixture(artworkFixture);
      const receiver = await (await ethers.getContractFactory("ReentrantReceiver")).deploy();
      const receiverAddress = await receiver.getAddress();
      await cert.authorizeIssuer(receiverAddress);
      const [first, second] = [metadataHash("First"), metadataHash("Second")];
      await receiver.arm(await cert.getAddress(), cert.interface.encodeFunctionData("mint", [receiverAddress, second, ethers.ZeroAddress, 0]));
      await cert.connect(house).mint(receiverAddress, first, ethers.ZeroAddress, 0);
      expect(await receiver.reentrySucceeded()).to.equal(true);
      expect(await cert.balanceOf(receiverAddress)).to.equal(2n);
      expect(await cert.issuerOf(tokenIdOf(first))).to.equal(house.address);
      expect(await cert.issuerOf(tokenIdOf(second))).to.equal(receiverAddress);
    });

    it("F1: a receiver re-entering to move a certificate it may not move is refused, and its receipt stands", async () => {
      const { cert, house, alice, bob, sunflowers } = await loadFixture(artworkFixture);
      const receiver = await (await ethers.getContractFactory("ReentrantReceiver")).deploy();
      const receiverAddress = await receiver.getAddress();
      await cert.connect(alice).setApprovalForAll(receiverAddress, true);
      await cert.connect(house).setStatus(sunflowers, STATUS.STOLEN, 0, doc("police"));
      await receiver.arm(await cert.getAddress(), cert.interface.encodeFunctionData("transferFrom", [alice.address, bob.address, sunflowers]));
      const work = metadataHash("Delivered");
      await cert.connect(house).mint(receiverAddress, work, ethers.ZeroAddress, 0);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(cert.interface.parseError(await receiver.reentryResult())?.name).to.equal("ArtworkCertificateTransferRestricted");
      expect(await cert.ownerOf(sunflowers)).to.equal(alice.address);
      expect(await cert.ownerOf(tokenIdOf(work))).to.equal(receiverAddress);
    });
  });

  describe("F2: verified owners on every path that moves a certificate", () => {
    it("F2: the ABI's state-changing functions are exactly the listed movers and non-movers, and there is no burn", async () => {
      const { cert } = await loadFixture(artworkFixture);
      const names = new Set<string>();
      cert.interface.forEachFunction((fn) => {
        if (fn.stateMutability !== "view" && fn.stateMutability !== "pure") names.add(fn.name);
      });
      expect([...names].sort()).to.deep.equal([...MOVES, ...DOES_NOT_MOVE].sort());
      expect(cert.interface.getFunction("burn" as Parameters<typeof cert.interface.getFunction>[0])).to.equal(null);
    });

    it("F2: transferFrom, both safeTransferFrom, an approved account, an operator, mint, forcedTransfer and recover all refuse an unverified recipient", async () => {
      const { gated, house, owner, alice, carol, outsider, irises } = await loadFixture(artworkFixture);
      await gated.connect(alice).approve(carol.address, irises);
      await gated.connect(alice).setApprovalForAll(owner.address, true);
      const code = CODE.RECIPIENT_NOT_VERIFIED;
      const watch = { tokenIds: [irises], accounts: [alice.address, outsider.address] };
      const refused = ["ArtworkCertificateTransferRestricted", [irises, code]] as const;
      const to = outsider.address;
      const attempts = [
        () => gated.connect(alice).transferFrom(alice.address, to, irises),
        () => gated.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, to, irises),
        () => gated.connect(alice)["safeTransferFrom(address,address,uint256,bytes)"](alice.address, to, irises, "0x01"),
        () => gated.connect(carol).transferFrom(alice.address, to, irises),
        () => gated.connect(owner)["safeTransferFrom(address,address,uint256)"](alice.address, to, irises),
        () => gated.connect(house).forcedTransfer(alice.address, to, irises),
      ];
      for (const attempt of attempts) await expectRefused(gated, attempt, ...refused, watch);
      const fresh = metadataHash("F2 mint");
      await expectRefused(gated, () => gated.connect(house).mint(to, fresh, ethers.ZeroAddress, 0), "ArtworkCertificateTransferRestricted", [tokenIdOf(fresh), code], { ...watch, tokenIds: [tokenIdOf(fresh)] });
      await gated.connect(house).setStatus(irises, STATUS.LOST, 0, ethers.ZeroHash);
      await expectRefused(gated, () => gated.connect(house).recover(irises, to, ethers.ZeroHash), ...refused, watch);
    });

    it("F2: an investor de-verified after receiving can neither send nor receive on the holder paths", async () => {
      const { gated, registry, kycAgent, alice, bob, irises } = await loadFixture(artworkFixture);
      await registry.connect(kycAgent).setInvestorStatus(investorId("alice"), INVESTOR_STATUS.SUSPENDED);
      await expectRefused(gated, () => gated.connect(alice).transferFrom(alice.address, bob.address, irises), "ArtworkCertificateTransferRestricted", [irises, CODE.SENDER_NOT_ELIGIBLE], { tokenIds: [irises], accounts: [alice.address, bob.address] });
    });
  });

  describe("F3: metadata integrity and no personal data", () => {
    it("F3: the content hash is on chain (the token id), tokenURI names it, and no re-pointing goes unannounced", async () => {
      const { cert, house, sunflowers } = await loadFixture(artworkFixture);
      expect(await cert.contentHashOf(sunflowers)).to.equal(ethers.toBeHex(sunflowers, 32));
      const uri = await cert.tokenURI(sunflowers);
      await expect(cert.setBaseURI("https://mirror.example/")).to.emit(cert, "BatchMetadataUpdate");
      // The CID part of the URI is unchanged: a new base can only serve the same hash.
      expect((await cert.tokenURI(sunflowers)).slice("https://mirror.example/".length)).to.equal(uri.slice("ipfs://".length));
      const v2 = metadataHash("Sunflowers", { revision: 2 });
      await expect(cert.connect(house).updateMetadata(sunflowers, v2)).to.emit(cert, "MetadataUpdate").withArgs(sunflowers);
      const updates = await cert.queryFilter(cert.filters.MetadataHashUpdated(sunflowers));
      expect(updates.map((e) => [e.args.previousHash, e.args.contentHash])).to.deep.equal([[ethers.toBeHex(sunflowers, 32), v2]]);
    });

    it("F3: no function or event takes free text except the collection's name, symbol and base URI", async () => {
      const { cert } = await loadFixture(artworkFixture);
      const textInputs: string[] = [];
      cert.interface.forEachFunction((fn) => fn.inputs.forEach((p) => p.type === "string" && textInputs.push(`${fn.name}.${p.name}`)));
      cert.interface.forEachEvent((ev) => ev.inputs.forEach((p) => p.type === "string" && textInputs.push(`${ev.name}.${p.name}`)));
      expect(textInputs.sort()).to.deep.equal(["BaseURISet.baseURI", "setBaseURI.baseURI_"]);
      const bytesInputs: string[] = [];
      cert.interface.forEachEvent((ev) => ev.inputs.forEach((p) => p.type === "bytes" && bytesInputs.push(`${ev.name}.${p.name}`)));
      expect(bytesInputs).to.deep.equal([]);
    });
  });

  describe("F4 and G: ERC-721 invariants and certificate rules under random operations", () => {
    it("F4: balances sum to the certificates held, every owner has a balance, the zero address owns nothing; G: no move while not active or frozen, no certificate lands on an unverified owner, views equal outcomes", async () => {
      const ACTORS = 5; // alice, bob, carol, dave (liquidate-only), outsider (unverified)
      const WORKS = 4;
      const op = fc.oneof(
        fc.record({ kind: fc.constant("mint" as const), work: fc.nat(WORKS - 1), to: fc.nat(ACTORS - 1) }),
        fc.record({ kind: fc.constant("transfer" as const), work: fc.nat(WORKS - 1), to: fc.nat(ACTORS - 1), via: fc.nat(2) }),
        fc.record({ kind: fc.constant("status" as const), work: fc.nat(WORKS - 1), status: fc.integer({ min: 1, max: 5 }) }),
        fc.record({ kind: fc.constant("freeze" as const), work: fc.nat(WORKS - 1), who: fc.nat(ACTORS - 1), frozen: fc.boolean() }),
        fc.record({ kind: fc.constant("forced" as const), work: fc.nat(WORKS - 1), to: fc.nat(ACTORS - 1) }),
        fc.record({ kind: fc.constant("recover" as const), work: fc.nat(WORKS - 1), to: fc.nat(ACTORS - 1) }),
        fc.record({ kind: fc.constant("kyc" as const), who: fc.nat(3), status: fc.integer({ min: 1, max: 3 }) }),
      );
      const seen = { moves: 0, refusals: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 16 }), async (ops) => {
          const f = await loadFixture(artworkFixture);
          const { gated, house, registry, kycAgent } = f;
          const actors: HardhatEthersSigner[] = [f.alice, f.bob, f.carol, f.dave, f.outsider];
          const names = ["alice", "bob", "carol", "dave"];
          const ids = Array.from({ length: WORKS }, (_, i) => tokenIdOf(metadataHash(`property work ${i}`)));
          // Each actor lets the next one operate all its certificates, so "via" covers operators.
          for (let i = 0; i < ACTORS; i++) await gated.connect(actors[i]!).setApprovalForAll(actors[(i + 1) % ACTORS]!.address, true);
          const minted = new Set<bigint>();
          // Two works start out issued (to alice and bob), so moves are tried from the first step on.
          for (const [i, holder] of [[0, f.alice], [1, f.bob]] as const) {
            await gated.connect(house).mint(holder.address, ethers.toBeHex(ids[i]!, 32), ethers.ZeroAddress, 0);
            minted.add(ids[i]!);
          }
          for (const o of ops) {
            const id = "work" in o ? ids[o.work]! : 0n;
            const ownerBefore = minted.has(id) ? await gated.ownerOf(id) : ethers.ZeroAddress;
            const statusBefore = Number(await gated.statusOf(id));
            let ok = true;
            let to = ethers.ZeroAddress;
            let mayReceive = true;
            const attempt = async (send: () => Promise<unknown>) => {
              try {
                await (await (send() as Promise<{ wait(): Promise<unknown> }>)).wait();
              } catch {
                ok = false;
                seen.refusals++;
              }
            };
            if (o.kind === "mint") {
              to = actors[o.to]!.address;
              mayReceive = await gated.canReceive(to);
              const code = Number(await gated.detectMintRestriction(to));
              await attempt(() => gated.connect(house).mint(to, ethers.toBeHex(id, 32), ethers.ZeroAddress, 0));
              expect(ok).to.equal(!minted.has(id) && code === CODE.SUCCESS);
              if (ok) minted.add(id);
            } else if (o.kind === "transfer" && minted.has(id)) {
              to = actors[o.to]!.address;
              mayReceive = await gated.canReceive(to);
              const holderIndex = actors.findIndex((a) => a.address === ownerBefore);
              const spender = actors[(holderIndex + o.via) % ACTORS]!; // holder, its operator, or someone else
              const code = Number(await gated.detectTransferRestrictionFrom(spender.address, ownerBefore, to, id));
              const frozen = await gated.getFrozenTokens(ownerBefore, id);
              await attempt(() => gated.connect(spender).transferFrom(ownerBefore, to, id));
              expect(ok, `view said ${code}`).to.equal(code === CODE.SUCCESS);
              if (ok) expect(frozen).to.equal(false);
            } else if (o.kind === "status" && minted.has(id)) {
              await attempt(() => gated.connect(house).setStatus(id, o.status, o.status === STATUS.REVOKED ? 1 : 0, ethers.ZeroHash));
              const final = statusBefore === STATUS.DESTROYED || statusBefore === STATUS.REVOKED;
              expect(ok).to.equal(!final && statusBefore !== o.status);
            } else if (o.kind === "freeze" && minted.has(id)) {
              await attempt(() => gated.connect(house).setFrozenTokens(actors[o.who]!.address, id, o.frozen));
              expect(ok).to.equal(true);
            } else if (o.kind === "forced" && minted.has(id)) {
              to = actors[o.to]!.address;
              mayReceive = await gated.canReceive(to);
              await attempt(() => gated.connect(house).forcedTransfer(ownerBefore, to, id));
              expect(ok).to.equal(statusBefore === STATUS.ACTIVE && mayReceive && to !== ownerBefore);
            } else if (o.kind === "recover" && minted.has(id)) {
              to = actors[o.to]!.address;
              mayReceive = await gated.canReceive(to);
              await attempt(() => gated.connect(house).recover(id, to, ethers.ZeroHash));
              const stuck = statusBefore === STATUS.LOST || statusBefore === STATUS.STOLEN;
              expect(ok).to.equal(stuck && (to === ownerBefore || mayReceive));
            } else if (o.kind === "kyc") {
              await registry.connect(kycAgent).setInvestorStatus(investorId(names[o.who]!), o.status).catch(() => undefined);
            }

            // G: a certificate moved only if it was active (or recovered), and only onto an owner that could receive.
            if (minted.has(id) && ownerBefore !== ethers.ZeroAddress) {
              const ownerAfter = await gated.ownerOf(id);
              if (ownerAfter !== ownerBefore) {
                seen.moves++;
                expect(ownerAfter).to.equal(to);
                expect(mayReceive).to.equal(true);
                expect(statusBefore === STATUS.ACTIVE || (o.kind === "recover" && statusBefore <= STATUS.STOLEN)).to.equal(true);
              }
            }
            // F4: balances sum to the certificates held; every owner has a balance; the zero address holds nothing.
            let sum = 0n;
            for (const a of actors) sum += await gated.balanceOf(a.address);
            expect(sum).to.equal(BigInt(minted.size + 1)); // + the fixture's irises, held by an actor
            for (const m of minted) {
              const holder = await gated.ownerOf(m);
              expect(holder).to.not.equal(ethers.ZeroAddress);
              expect(await gated.balanceOf(holder)).to.be.greaterThan(0n);
            }
            await expect(gated.balanceOf(ethers.ZeroAddress)).to.be.revertedWithCustomError(gated, "ERC721InvalidOwner");
          }
        }),
        { numRuns: 20, seed: 12 },
      );
      // The sequences exercised both sides: certificates did move, and moves were refused.
      expect(seen.moves).to.be.greaterThan(10);
      expect(seen.refusals).to.be.greaterThan(10);
    });
  });
});
