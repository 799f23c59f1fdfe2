import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  CERT_ID,
  DAY,
  PRICE,
  SHARES,
  STATUS_OF_VAULT,
  buyoutFixture,
  defaultTerms,
  encodeTerms,
  expectConserved,
  expectHolderWhole,
  lockedFixture,
  sendCertificate,
  vaultPlatformFixture,
  type Buyout,
} from "./fixture";
import type { SecurityToken } from "../../../../typechain-types";

/** The revert data of OpenZeppelin's ReentrancyGuardReentrantCall(). */
const REENTRANT = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

/** Certificate 7 locked with a 50 % threshold, so random tenders cross it often enough to leave shares to redeem. */
async function propertyFixture() {
  const f = await vaultPlatformFixture();
  const terms = defaultTerms(f, { thresholdBps: 5_000 });
  await sendCertificate(f, terms);
  const token = (await ethers.getContractAt("SecurityToken", (await f.vault.vaultOf(1)).token)) as unknown as SecurityToken;
  return { ...f, terms, token, vaultId: 1n };
}

async function expectReentryRefused(f: Buyout) {
  expect(await f.cash.reentryAttempted(), "the hostile token called back").to.equal(true);
  expect(await f.cash.reentrySucceeded(), "the reentry failed").to.equal(false);
  expect(await f.cash.reentryError()).to.equal(REENTRANT);
}

/**
 * A contract wallet buys the certificate out (every holder tenders) and has it released to itself; while it receives
 * the certificate it makes the call `reentry` names.
 */
async function releaseToActor(f: Awaited<ReturnType<typeof lockedFixture>>, reentry: (actorAddress: string) => [string, string]) {
  const actor = await (await ethers.getContractFactory("VaultActorMock")).deploy();
  const actorAddress = await actor.getAddress();
  // The buyer is a contract wallet: verified in the registry, funded, and the buy-out is its own.
  await f.registry.connect(f.kycAgent).registerInvestor(ethers.id("folio-test:actor"), actorAddress, 250, f.kycUntil, 1);
  const cash = await f.cash.getAddress();
  await f.cash.mint(actorAddress, SHARES * PRICE);
  await actor.execute(cash, f.cash.interface.encodeFunctionData("approve", [f.vaultAddress, SHARES * PRICE]));
  await actor.execute(f.vaultAddress, f.vault.interface.encodeFunctionData("startBuyout", [f.vaultId, cash, PRICE, (await time.latest()) + DAY]));
  for (const [who, shares] of [[f.alice, 5_000n], [f.bob, 3_000n], [f.carol, 2_000n]] as const) {
    await f.token.connect(who).approve(f.vaultAddress, shares);
    await f.vault.connect(who).tender(f.vaultId, shares);
  }
  await actor.setReentry(...reentry(actorAddress));
  await actor.execute(f.vaultAddress, f.vault.interface.encodeFunctionData("release", [f.vaultId, actorAddress]));
  return { actor, actorAddress };
}

describe("FractionVault: security", () => {
  describe("C7/D5 reentrancy through a hostile cash token", () => {
    it("refuses a reentry from the escrow deposit (startBuyout), and the escrow is exact", async () => {
      const f = await loadFixture(lockedFixture);
      const cash = await f.cash.getAddress();
      const deadline = (await time.latest()) + DAY;
      await f.cash.setReentry(f.vaultAddress, f.vault.interface.encodeFunctionData("startBuyout", [f.vaultId, cash, PRICE, deadline]));
      await f.vault.connect(f.buyer).startBuyout(f.vaultId, cash, PRICE, deadline);
      expect(await f.cash.reentryAttempted()).to.equal(true);
      expect(await f.cash.reentrySucceeded()).to.equal(false);
      expect(await f.cash.reentryError()).to.equal(REENTRANT);
      expect((await f.vault.buyoutOf(f.vaultId)).buyer).to.equal(f.buyer.address);
      await expectConserved(f);
    });

    it("refuses a reentry from a tender's payment (tender again, claim, cancel), paying once", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      for (const data of [
        f.vault.interface.encodeFunctionData("tender", [f.vaultId, 1n]),
        f.vault.interface.encodeFunctionData("claim", [cash, f.alice.address]),
        f.vault.interface.encodeFunctionData("cancelBuyout", [f.vaultId]),
      ]) {
        await f.cash.setReentry(f.vaultAddress, data);
        await f.vault.connect(f.alice).tender(f.vaultId, 1_000n);
        await expectReentryRefused(f);
      }
      expect((await f.cash.balanceOf(f.alice.address)) - f.cashBefore[f.alice.address]!).to.equal(3_000n * PRICE);
      await expectHolderWhole(f, f.alice, 5_000n);
      await expectConserved(f);
    });

    it("refuses a reentry from a claim's payment (claim again, release), paying once", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
      await f.vault.connect(f.bob).tender(f.vaultId, 3_000n);
      await f.vault.connect(f.carol).tender(f.vaultId, 1_000n);
      await f.vault.redeem(f.vaultId, [f.carol.address]);
      await f.cash.setReentry(f.vaultAddress, f.vault.interface.encodeFunctionData("claim", [cash, f.carol.address]));
      await f.vault.connect(f.carol).claim(cash, f.carol.address);
      await expectReentryRefused(f);
      await f.cash.setReentry(f.vaultAddress, f.vault.interface.encodeFunctionData("release", [f.vaultId, f.buyer.address]));
      await expect(f.vault.connect(f.carol).claim(cash, f.carol.address)).to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToClaim");
      expect((await f.cash.balanceOf(f.carol.address)) - f.cashBefore[f.carol.address]!).to.equal(2_000n * PRICE);
      await expectHolderWhole(f, f.carol, 2_000n);
      await expectConserved(f);
    });

    it("D6: a cash token that blocks a holder only stops that holder's push; redeemed cash waits for it and can be claimed elsewhere", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await f.vault.connect(f.alice).tender(f.vaultId, 5_000n);
      await f.vault.connect(f.bob).tender(f.vaultId, 3_000n);
      await f.cash.setBlocked(f.carol.address, true);
      await expect(f.vault.connect(f.carol).tender(f.vaultId, 2_000n))
        .to.be.revertedWithCustomError(f.cash, "VaultHostileCashBlocked")
        .withArgs(f.carol.address);
      // Another holder reaches the threshold; carol is redeemed and claims to another wallet of hers.
      await f.token.connect(f.carol).transfer(f.erin.address, 1_000n);
      await f.token.connect(f.erin).approve(f.vaultAddress, 1_000n);
      await f.vault.connect(f.erin).tender(f.vaultId, 1_000n);
      await f.vault.redeem(f.vaultId, [f.carol.address]);
      await f.vault.connect(f.buyer).release(f.vaultId, f.buyer.address);
      await expect(f.vault.connect(f.carol).claim(cash, f.carol.address))
        .to.be.revertedWithCustomError(f.cash, "VaultHostileCashBlocked");
      await f.vault.connect(f.carol).claim(cash, f.erin2.address);
      expect(await f.cash.balanceOf(f.erin2.address)).to.equal(1_000n * PRICE);
      await expectConserved(f);
    });

    it("D6: a buyer the cash token blocks still gets the buy-out ended; the refund waits, claimable to another address", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      await f.cash.setBlocked(f.buyer.address, true);
      await time.increaseTo(f.deadline + 1);
      await f.vault.connect(f.stranger).expireBuyout(f.vaultId);
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Locked);
      await expect(f.vault.connect(f.buyer).claim(cash, f.buyer.address)).to.be.revertedWithCustomError(f.cash, "VaultHostileCashBlocked");
      await expect(f.vault.connect(f.buyer).claim(cash, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.vault, "FractionVaultInvalidRecipient")
        .withArgs(ethers.ZeroAddress);
      await f.vault.connect(f.buyer).claim(cash, f.buyer2.address);
      await expectConserved(f);
    });
  });

  describe("F1: the certificate's receiver re-enters the vault", () => {
    it("releases to a contract whose onERC721Received re-enters release: the reentry fails, the certificate arrives once", async () => {
      const f = await loadFixture(lockedFixture);
      const { actor, actorAddress } = await releaseToActor(f, (actorAddress) => [f.vaultAddress, f.vault.interface.encodeFunctionData("release", [f.vaultId, actorAddress])]);
      expect(await actor.received()).to.equal(true);
      expect(await actor.reentrySucceeded()).to.equal(false);
      expect(await actor.reentryError()).to.equal(REENTRANT);
      expect(await f.certificate.ownerOf(CERT_ID)).to.equal(actorAddress);
      expect((await f.vault.vaultOf(f.vaultId)).status).to.equal(STATUS_OF_VAULT.Released);
      await expectConserved(f, [actorAddress]);
    });

    it("refuses a lock hook entered from inside a release at the reentrancy guard, before the curator and certificate checks", async () => {
      const f = await loadFixture(lockedFixture);
      const hook = f.vault.interface.encodeFunctionData("onERC721Received", [f.gallery.address, f.gallery.address, CERT_ID, encodeTerms(defaultTerms(f))]);
      const { actor } = await releaseToActor(f, () => [f.vaultAddress, hook]);
      expect(await actor.reentrySucceeded()).to.equal(false);
      expect(await actor.reentryError()).to.equal(REENTRANT);
      expect(await f.vault.vaultCount()).to.equal(f.vaultId);
    });

    it("a certificate sent back to the vault after release can be locked again as a new vault", async () => {
      const f = await loadFixture(buyoutFixture);
      for (const who of [f.alice, f.bob, f.carol]) await f.vault.connect(who).tender(f.vaultId, await f.token.balanceOf(who.address));
      await f.vault.connect(f.buyer).release(f.vaultId, f.gallery.address);
      await sendCertificate(f, defaultTerms(f, { allocations: [] }));
      expect(await f.vault.vaultIdOf(await f.certificate.getAddress(), CERT_ID)).to.equal(2n);
      expect((await f.vault.vaultOf(2n)).status).to.equal(STATUS_OF_VAULT.Locked);
      expect((await f.vault.vaultOf(1n)).status).to.equal(STATUS_OF_VAULT.Released);
    });
  });

  describe("C1: access control on every state change", () => {
    it("refuses each buy-out step to an account without the right, changing nothing", async () => {
      const f = await loadFixture(buyoutFixture);
      const cash = await f.cash.getAddress();
      const s = f.vault.connect(f.stranger);
      await expect(s.cancelBuyout(f.vaultId)).to.be.revertedWithCustomError(f.vault, "FractionVaultNotBuyer").withArgs(f.stranger.address);
      await expect(s.release(f.vaultId, f.stranger.address)).to.be.revertedWithCustomError(f.vault, "FractionVaultNotBuyer").withArgs(f.stranger.address);
      await expect(s.expireBuyout(f.vaultId)).to.be.revertedWithCustomError(f.vault, "FractionVaultBuyoutNotExpired");
      await expect(s.redeem(f.vaultId, [f.alice.address])).to.be.revertedWithCustomError(f.vault, "FractionVaultThresholdNotReached");
      await expect(s.tender(f.vaultId, 1n)).to.be.revertedWithCustomError(f.vault, "FractionVaultTenderRefused");
      await expect(s.claim(cash, f.stranger.address)).to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToClaim");
      await expect(s.claimShares(f.vaultId, f.stranger.address)).to.be.revertedWithCustomError(f.vault, "FractionVaultNothingToClaim");
      await expect(s.returnStrayShares(f.vaultId, f.stranger.address, 1n)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
      await expect(s.rescueCertificate(await f.certificate.getAddress(), CERT_ID, f.stranger.address)).to.be.revertedWithCustomError(f.vault, "OwnableUnauthorizedAccount");
      await expect(s.startBuyout(f.vaultId, cash, PRICE, f.deadline)).to.be.revertedWithCustomError(f.vault, "FractionVaultWrongStatus");
      await expect(s.onERC721Received(f.stranger.address, f.stranger.address, CERT_ID, "0x")).to.be.revertedWithCustomError(f.vault, "FractionVaultNotCurator");
      // Only the vault can burn or pause through the token; the compliance agent cannot burn or mint.
      await expect(f.token.connect(f.tokenAgent).burn(f.alice.address, 1n)).to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission");
      await expect(f.token.connect(f.tokenAgent).mint(f.alice.address, 1n)).to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission");
      await expect(f.token.connect(f.tokenAgent).forcedTransfer(f.vaultAddress, f.alice.address, 1n)).to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission");
      await expect(f.token.connect(f.alice).setAgentPermissions(f.alice.address, 1)).to.be.revertedWithCustomError(f.token, "OwnableUnauthorizedAccount");
      expect((await f.vault.buyoutOf(f.vaultId)).buyer).to.equal(f.buyer.address);
      await expectConserved(f);
    });
  });

  describe("G: property: a holder always ends with either shares or cash", () => {
    it("holds the model and every conservation check over random tender, redeem, cancel, expiry and claim sequences", async () => {
      const fc = await import("fast-check");
      type Step =
        | { kind: "start"; buyer: 0 | 1; price: bigint }
        | { kind: "tender"; holder: number; fraction: number }
        | { kind: "redeem" }
        | { kind: "cancel" }
        | { kind: "expire" }
        | { kind: "claimShares"; holder: number }
        | { kind: "claim"; holder: number }
        | { kind: "release" };
      const start = fc.record({ kind: fc.constant("start" as const), buyer: fc.constantFrom(0 as const, 1 as const), price: fc.bigInt({ min: 1_000_000n, max: 9_000_000n }) });
      const step = fc.oneof(
        { weight: 2, arbitrary: start },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("tender" as const), holder: fc.integer({ min: 0, max: 4 }), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }) },
        { weight: 5, arbitrary: fc.record({ kind: fc.constant("tender" as const), holder: fc.integer({ min: 0, max: 2 }), fraction: fc.constant(1) }) },
        { weight: 2, arbitrary: fc.constant({ kind: "redeem" as const }) },
        { weight: 2, arbitrary: fc.constant({ kind: "cancel" as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("claimShares" as const), holder: fc.integer({ min: 3, max: 4 }) }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant("claim" as const), holder: fc.integer({ min: 0, max: 4 }) }) },
        { weight: 2, arbitrary: fc.constant({ kind: "release" as const }) },
      );

      const ran = { start: 0, tender: 0, redeem: 0, cancel: 0, expire: 0, claimShares: 0, claim: 0, release: 0 };
      await fc.assert(
        fc.asyncProperty(fc.tuple(start, fc.array(step, { minLength: 6, maxLength: 18, size: "max" })), async ([first, rest]) => {
          const steps: Step[] = [first, ...rest];
          const f = await loadFixture(propertyFixture);
          const cash = await f.cash.getAddress();
          const actors = [f.alice, f.bob, f.carol, f.buyer, f.buyer2];
          const buyers = [f.buyer, f.buyer2];
          for (const a of actors) await f.token.connect(a).approve(f.vaultAddress, ethers.MaxUint256);
          // Model: per actor, value = shares held + owed by the vault, cash gained so far (received + claimable).
          const start = new Map<string, bigint>();
          const startSharesOf = new Map<string, bigint>();
          for (const a of actors) {
            startSharesOf.set(a.address, await f.token.balanceOf(a.address));
            start.set(a.address, startSharesOf.get(a.address)! + (await f.cash.balanceOf(a.address)));
          }
          const sold = new Map<string, bigint>(actors.map((a) => [a.address, 0n])); // cash value of shares sold
          const bought = new Map<string, bigint>(actors.map((a) => [a.address, 0n])); // cash spent on shares
          const boughtShares = new Map<string, bigint>(actors.map((a) => [a.address, 0n]));
          const soldShares = new Map<string, bigint>(actors.map((a) => [a.address, 0n]));
          let price = 0n;
          let buyer = "";

          for (const s of steps) {
            const info = await f.vault.vaultOf(f.vaultId);
            const b = await f.vault.buyoutOf(f.vaultId);
            if (info.status === STATUS_OF_VAULT.Released) break;
            if (s.kind === "start" && info.status === STATUS_OF_VAULT.Locked) {
              price = s.price;
              buyer = buyers[s.buyer]!.address;
              await f.vault.connect(buyers[s.buyer]!).startBuyout(f.vaultId, cash, price, (await time.latest()) + 10 * DAY);
              ran.start += 1;
            } else if (s.kind === "tender" && info.status === STATUS_OF_VAULT.Buyout) {
              const who = actors[s.holder]!;
              const held = await f.token.balanceOf(who.address);
              if (held === 0n || (!b.unconditional && (await time.latest()) + 1 > Number(b.deadline))) continue;
              const shares = BigInt(Math.max(1, Math.floor(Number(held) * s.fraction)));
              await f.vault.connect(who).tender(f.vaultId, shares);
              ran.tender += 1;
              sold.set(who.address, sold.get(who.address)! + shares * price);
              soldShares.set(who.address, soldShares.get(who.address)! + shares);
              bought.set(buyer, bought.get(buyer)! + shares * price);
              boughtShares.set(buyer, boughtShares.get(buyer)! + shares);
            } else if (s.kind === "redeem" && info.status === STATUS_OF_VAULT.Buyout && b.unconditional) {
              const list: string[] = [];
              for (const a of actors) {
                const n = (await f.token.balanceOf(a.address)) + (await f.vault.sharesOwed(f.vaultId, a.address));
                if (n === 0n) continue;
                list.push(a.address);
                sold.set(a.address, sold.get(a.address)! + n * price);
                soldShares.set(a.address, soldShares.get(a.address)! + n);
                bought.set(buyer, bought.get(buyer)! + n * price);
                boughtShares.set(buyer, boughtShares.get(buyer)! + n);
              }
              if (list.length) await f.vault.redeem(f.vaultId, list);
              ran.redeem += list.length ? 1 : 0;
            } else if (s.kind === "cancel" && info.status === STATUS_OF_VAULT.Buyout && !b.unconditional) {
              await f.vault.connect(buyers.find((x) => x.address === b.buyer)!).cancelBuyout(f.vaultId);
              ran.cancel += 1;
            } else if (s.kind === "expire" && info.status === STATUS_OF_VAULT.Buyout && !b.unconditional) {
              await time.increaseTo(Number(b.deadline) + 1);
              await f.vault.connect(f.stranger).expireBuyout(f.vaultId);
              ran.expire += 1;
            } else if (s.kind === "claimShares") {
              const who = actors[s.holder]!;
              if ((await f.vault.sharesOwed(f.vaultId, who.address)) > 0n) {
                await f.vault.connect(who).claimShares(f.vaultId, who.address);
                ran.claimShares += 1;
              }
            } else if (s.kind === "claim") {
              const who = actors[s.holder]!;
              if ((await f.vault.claimable(cash, who.address)) > 0n) {
                await f.vault.connect(who).claim(cash, who.address);
                ran.claim += 1;
              }
            } else if (s.kind === "release" && info.status === STATUS_OF_VAULT.Buyout && b.acquired === info.shares) {
              await f.vault.connect(buyers.find((x) => x.address === b.buyer)!).release(f.vaultId, b.buyer);
              ran.release += 1;
            }
            await expectConserved(f);
            // Every actor: shares (held + owed by the vault) and cash (held + claimable + its unspent escrow) are
            // its starting position moved only by what it sold and bought, each at its buy-out's price; the shares a
            // buyer acquired in the open (or completed) buy-out sit in the vault or were burned.
            const open = await f.vault.buyoutOf(f.vaultId);
            const openInfo = await f.vault.vaultOf(f.vaultId);
            const live = openInfo.status === STATUS_OF_VAULT.Buyout || openInfo.status === STATUS_OF_VAULT.Released;
            for (const a of actors) {
              const shares = (await f.token.balanceOf(a.address)) + (await f.vault.sharesOwed(f.vaultId, a.address));
              let cashValue = (await f.cash.balanceOf(a.address)) + (await f.vault.claimable(cash, a.address));
              const isBuyer = live && open.buyer === a.address;
              if (isBuyer && openInfo.status === STATUS_OF_VAULT.Buyout) {
                cashValue += (openInfo.shares - open.acquired) * open.pricePerShare;
              }
              const startShares = startSharesOf.get(a.address)!;
              const expected = startShares - soldShares.get(a.address)! + boughtShares.get(a.address)! - (isBuyer ? open.acquired : 0n);
              expect(shares, `shares of ${a.address}`).to.equal(expected);
              const startCash = start.get(a.address)! - startShares;
              expect(cashValue, `cash of ${a.address}`).to.equal(startCash + sold.get(a.address)! - bought.get(a.address)!);
            }
          }
          // Finally: no actor holds nothing unless it sold everything for cash it holds or can claim.
          for (const a of actors) {
            const shares = (await f.token.balanceOf(a.address)) + (await f.vault.sharesOwed(f.vaultId, a.address));
            if (soldShares.get(a.address)! > 0n) {
              const cashValue = (await f.cash.balanceOf(a.address)) + (await f.vault.claimable(cash, a.address));
              expect(cashValue > 0n || shares > 0n).to.equal(true);
            }
          }
        }),
        { numRuns: 30, seed: 20261202 },
      );
      // The sequences carried out every kind of step at least once.
      for (const kind of Object.keys(ran) as (keyof typeof ran)[]) expect(ran[kind], kind).to.be.greaterThan(0);
    });
  });
});
