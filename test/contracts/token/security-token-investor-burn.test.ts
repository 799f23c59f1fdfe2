import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AgentPermission, DAY, E18, fundedFixture, investorId } from "./fixture";

type Funded = Awaited<ReturnType<typeof fundedFixture>>;

const ERIN = investorId("erin");

/** Everything an investor-level burn or seizure could change. */
async function snapshot(f: Funded) {
  const wallets = [f.alice, f.bob, f.carol, f.dave, f.erin, f.erin2, f.outsider];
  const state: unknown[] = [await f.token.totalSupply(), await f.token.investorCount()];
  for (const w of wallets) {
    state.push(await f.token.balanceOf(w.address), await f.token.getFrozenTokens(w.address), await f.token.lockedBalanceOf(w.address));
  }
  for (const name of ["alice", "bob", "erin"]) state.push(await f.token.investorBalance(investorId(name)));
  return state;
}

/** Erin moved 400 of her 1,000 tokens from her first wallet to her second one. */
async function splitFixture() {
  const f = await fundedFixture();
  await f.token.connect(f.erin).transfer(f.erin2.address, 400n * E18);
  return f;
}

describe("SecurityToken investor-level burn and seizure (B7)", () => {
  describe("front-running with a move between the investor's own wallets", () => {
    it("fails loudly when the listed wallets miss the tokens just moved, and burns the full amount over all wallets", async () => {
      const f = await loadFixture(fundedFixture);
      // The agent prepares a burn of erin's whole position, which sits in one wallet...
      expect(await f.token.investorBalance(ERIN)).to.equal(1000n * E18);
      // ...and erin moves tokens to her other wallet before the agent's transaction is mined.
      await f.token.connect(f.erin).transfer(f.erin2.address, 400n * E18);

      const before = await snapshot(f);
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address], 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompletePosition")
        .withArgs(ERIN, 600n * E18, 1000n * E18);
      // Not even the part the listed wallet still holds is burned: no silent partial burn.
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address], 600n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompletePosition")
        .withArgs(ERIN, 600n * E18, 1000n * E18);
      expect(await snapshot(f)).to.deep.equal(before);

      const supply = await f.token.totalSupply();
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 1000n * E18))
        .to.emit(f.token, "Transfer").withArgs(f.erin.address, ethers.ZeroAddress, 600n * E18)
        .and.to.emit(f.token, "Transfer").withArgs(f.erin2.address, ethers.ZeroAddress, 400n * E18)
        .and.to.emit(f.token, "InvestorBurned").withArgs(ERIN, 1000n * E18);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(0n);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(0n);
      expect(await f.token.investorBalance(ERIN)).to.equal(0n);
      expect(await f.token.totalSupply()).to.equal(supply - 1000n * E18);
      expect(await f.token.investorCount()).to.equal(2n);
    });

    it("catches a move of the whole position into a single other wallet", async () => {
      const f = await loadFixture(fundedFixture);
      await f.token.connect(f.erin).transfer(f.erin2.address, 1000n * E18);
      const before = await snapshot(f);
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address], 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompletePosition").withArgs(ERIN, 0n, 1000n * E18);
      expect(await snapshot(f)).to.deep.equal(before);
      await f.agentToken.burnInvestor(ERIN, [f.erin2.address, f.erin.address], 1000n * E18);
      expect(await f.token.investorBalance(ERIN)).to.equal(0n);
    });

    it("makes a seizure fail the same way and then moves the full amount to the recipient", async () => {
      const f = await loadFixture(splitFixture);
      const before = await snapshot(f);
      await expect(f.agentToken.forcedTransferInvestor(ERIN, [f.erin.address], f.bob.address, 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompletePosition").withArgs(ERIN, 600n * E18, 1000n * E18);
      expect(await snapshot(f)).to.deep.equal(before);

      await expect(f.agentToken.forcedTransferInvestor(ERIN, [f.erin.address, f.erin2.address], f.bob.address, 1000n * E18))
        .to.emit(f.token, "ForcedTransfer").withArgs(f.erin.address, f.bob.address, 600n * E18)
        .and.to.emit(f.token, "ForcedTransfer").withArgs(f.erin2.address, f.bob.address, 400n * E18)
        .and.to.emit(f.token, "InvestorForcedTransfer").withArgs(ERIN, f.bob.address, 1000n * E18);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(2000n * E18);
      expect(await f.token.investorBalance(ERIN)).to.equal(0n);
      expect(await f.token.investorBalance(investorId("bob"))).to.equal(2000n * E18);
      expect(await f.token.totalSupply()).to.equal(3000n * E18);
      expect(await f.token.investorCount()).to.equal(2n);
    });
  });

  describe("amounts, freezes and lock-ups", () => {
    it("burns part of a position, taking from the listed wallets in order, and of a single-wallet investor", async () => {
      const f = await loadFixture(splitFixture);
      await f.agentToken.burnInvestor(ERIN, [f.erin2.address, f.erin.address], 500n * E18);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(0n);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(500n * E18);
      expect(await f.token.investorBalance(ERIN)).to.equal(500n * E18);
      expect(await f.token.investorCount()).to.equal(3n);
      // erin is down to one holding wallet; a zero-amount burn over it changes nothing but the event.
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address], 0n)).to.emit(f.token, "InvestorBurned").withArgs(ERIN, 0n);
      await f.agentToken.burnInvestor(investorId("alice"), [f.alice.address], 300n * E18);
      expect(await f.token.investorBalance(investorId("alice"))).to.equal(700n * E18);
      expect(await f.token.totalSupply()).to.equal(2200n * E18);
    });

    it("takes unfrozen tokens of every listed wallet before frozen ones, and unfreezes only the shortfall (B4)", async () => {
      const f = await loadFixture(splitFixture);
      await f.agentToken.freezePartialTokens(f.erin.address, 500n * E18); // erin: 600, 500 frozen; erin2: 400
      // 450 fits in the unfrozen 100 + 400: nothing is unfrozen although erin is listed first.
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 450n * E18))
        .to.not.emit(f.token, "TokensUnfrozen");
      expect(await f.token.getFrozenTokens(f.erin.address)).to.equal(500n * E18);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(500n * E18);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(50n * E18);
      // 520 needs 470 of the frozen 500.
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 520n * E18))
        .to.emit(f.token, "TokensUnfrozen").withArgs(f.erin.address, 470n * E18);
      expect(await f.token.getFrozenTokens(f.erin.address)).to.equal(30n * E18);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(30n * E18);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(0n);
    });

    it("takes a frozen shortfall spread over several wallets in list order, and not a token more than asked", async () => {
      const f = await loadFixture(splitFixture);
      await f.agentToken.freezePartialTokens(f.erin.address, 600n * E18); // erin: 600, all frozen
      await f.agentToken.freezePartialTokens(f.erin2.address, 400n * E18); // erin2: 400, all frozen
      const supply = await f.token.totalSupply();
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 800n * E18))
        .to.emit(f.token, "TokensUnfrozen").withArgs(f.erin.address, 600n * E18)
        .and.to.emit(f.token, "TokensUnfrozen").withArgs(f.erin2.address, 200n * E18);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(0n);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(200n * E18);
      expect(await f.token.getFrozenTokens(f.erin2.address)).to.equal(200n * E18);
      expect(await f.token.investorBalance(ERIN)).to.equal(200n * E18);
      expect(await f.token.totalSupply()).to.equal(supply - 800n * E18);
    });

    it("shrinks lock-ups so no more stays locked than stays unfrozen, and works while paused and on frozen wallets", async () => {
      const f = await loadFixture(splitFixture);
      const release = (await time.latest()) + 10 * DAY;
      await f.agentToken.mintLocked(f.erin2.address, 300n * E18, release); // erin2: 700, 300 locked
      await f.agentToken.freezePartialTokens(f.erin2.address, 200n * E18);
      await f.agentToken.setAddressFrozen(f.erin.address, true);
      await f.agentToken.pause();
      await f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 1100n * E18);
      // erin2 keeps 200, all frozen: its lock-up shrinks to nothing.
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(200n * E18);
      expect(await f.token.getFrozenTokens(f.erin2.address)).to.equal(200n * E18);
      expect(await f.token.lockedBalanceOf(f.erin2.address)).to.equal(0n);
      expect(await f.token.balanceOf(f.erin.address)).to.equal(0n);
      expect(await f.token.investorBalance(ERIN)).to.equal(200n * E18);
    });

    it("accepts a wallet unlinked from the investor that still holds, since the position counts it", async () => {
      const f = await loadFixture(splitFixture);
      await f.registry.connect(f.kycAgent).removeWallet(f.erin2.address);
      expect(await f.registry.investorOf(f.erin2.address)).to.equal(ethers.ZeroHash);
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address], 600n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenIncompletePosition").withArgs(ERIN, 600n * E18, 1000n * E18);
      await f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin2.address], 1000n * E18);
      expect(await f.token.investorBalance(ERIN)).to.equal(0n);
    });
  });

  describe("refusals change nothing", () => {
    it("refuses a wallet of another investor or of nobody, a duplicate wallet, an unknown investor and too large an amount", async () => {
      const f = await loadFixture(splitFixture);
      const before = await snapshot(f);
      const both = [f.erin.address, f.erin2.address];
      const cases: [() => Promise<unknown>, string, unknown[]][] = [
        [() => f.agentToken.burnInvestor(ERIN, [...both, f.alice.address], 1n), "SecurityTokenWalletNotOfInvestor", [f.alice.address, ERIN]],
        [() => f.agentToken.burnInvestor(ERIN, [f.outsider.address, ...both], 1n), "SecurityTokenWalletNotOfInvestor", [f.outsider.address, ERIN]],
        [() => f.agentToken.burnInvestor(ERIN, [ethers.ZeroAddress], 1n), "SecurityTokenWalletNotOfInvestor", [ethers.ZeroAddress, ERIN]],
        [() => f.agentToken.burnInvestor(investorId("alice"), [f.erin.address], 1n), "SecurityTokenWalletNotOfInvestor", [f.erin.address, investorId("alice")]],
        [() => f.agentToken.burnInvestor(investorId("nobody"), [f.alice.address], 1n), "SecurityTokenUnknownInvestor", [investorId("nobody")]],
        [() => f.agentToken.burnInvestor(investorId("nobody"), [], 0n), "SecurityTokenUnknownInvestor", [investorId("nobody")]],
        [() => f.agentToken.burnInvestor(ethers.ZeroHash, [f.outsider.address], 1n), "SecurityTokenUnknownInvestor", [ethers.ZeroHash]],
        // dave is registered but holds nothing: there is no position to take from.
        [() => f.agentToken.burnInvestor(investorId("dave"), [f.dave.address], 1n), "SecurityTokenUnknownInvestor", [investorId("dave")]],
        [() => f.agentToken.burnInvestor(ERIN, both, 1000n * E18 + 1n), "SecurityTokenInvestorBalanceTooLow", [ERIN, 1000n * E18, 1000n * E18 + 1n]],
        [() => f.agentToken.burnInvestor(ERIN, [], 0n), "SecurityTokenIncompletePosition", [ERIN, 0n, 1000n * E18]],
        [() => f.agentToken.forcedTransferInvestor(ERIN, both, f.bob.address, 1000n * E18 + 1n), "SecurityTokenInvestorBalanceTooLow", [ERIN, 1000n * E18, 1000n * E18 + 1n]],
        [() => f.agentToken.forcedTransferInvestor(ERIN, [f.alice.address], f.bob.address, 1n), "SecurityTokenWalletNotOfInvestor", [f.alice.address, ERIN]],
      ];
      for (const [tx, error, args] of cases) {
        await expect(tx()).to.be.revertedWithCustomError(f.token, error).withArgs(...args);
      }
      // Listing erin's first wallet twice would count its 600 twice and hide what the second holds.
      await f.token.connect(f.erin).transfer(f.erin2.address, 100n * E18); // 500 + 500
      const afterMove = await snapshot(f);
      await expect(f.agentToken.burnInvestor(ERIN, [f.erin.address, f.erin.address], 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenDuplicateWallet").withArgs(f.erin.address);
      expect(await snapshot(f)).to.deep.equal(afterMove);
      expect(before).to.not.deep.equal(afterMove); // the move itself did change balances
    });

    it("seizes only to a verified, unfrozen wallet outside the list", async () => {
      const f = await loadFixture(splitFixture);
      const before = await snapshot(f);
      const both = [f.erin.address, f.erin2.address];
      await expect(f.agentToken.forcedTransferInvestor(ERIN, both, f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified").withArgs(f.outsider.address);
      await expect(f.agentToken.forcedTransferInvestor(ERIN, both, ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InvalidReceiver").withArgs(ethers.ZeroAddress);
      // A listed wallet as recipient would be a forced self-transfer that hides an unfreeze (B3).
      await f.agentToken.freezePartialTokens(f.erin2.address, 400n * E18);
      await expect(f.agentToken.forcedTransferInvestor(ERIN, both, f.erin2.address, 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenSameWallet").withArgs(f.erin2.address);
      expect(await f.token.getFrozenTokens(f.erin2.address)).to.equal(400n * E18);
      await f.agentToken.unfreezePartialTokens(f.erin2.address, 400n * E18);
      await f.agentToken.setAddressFrozen(f.bob.address, true);
      await expect(f.agentToken.forcedTransferInvestor(ERIN, both, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified").withArgs(f.bob.address);
      await f.agentToken.setAddressFrozen(f.bob.address, false);
      expect(await snapshot(f)).to.deep.equal(before);
    });

    it("needs the burn permission to burn and the forced transfer permission to seize (C1)", async () => {
      const f = await loadFixture(splitFixture);
      const [burner, forcer] = f.spare;
      await f.token.setAgentPermissions(burner!.address, AgentPermission.BURN);
      await f.token.setAgentPermissions(forcer!.address, AgentPermission.FORCED_TRANSFER);
      const before = await snapshot(f);
      const both = [f.erin.address, f.erin2.address];
      await expect(f.token.connect(forcer!).burnInvestor(ERIN, both, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission").withArgs(forcer!.address, AgentPermission.BURN);
      await expect(f.token.connect(burner!).forcedTransferInvestor(ERIN, both, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission").withArgs(burner!.address, AgentPermission.FORCED_TRANSFER);
      await expect(f.token.connect(f.erin).burnInvestor(ERIN, both, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission").withArgs(f.erin.address, AgentPermission.BURN);
      await expect(f.token.connect(f.kycAgent).forcedTransferInvestor(ERIN, both, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission").withArgs(f.kycAgent.address, AgentPermission.FORCED_TRANSFER);
      await expect(f.token.burnInvestor(ERIN, both, 1n)) // the owner holds no agent permission either
        .to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission").withArgs(f.owner.address, AgentPermission.BURN);
      expect(await snapshot(f)).to.deep.equal(before);
      await f.token.connect(burner!).burnInvestor(ERIN, both, 1n);
      await f.token.connect(forcer!).forcedTransferInvestor(ERIN, both, f.bob.address, 1n);
      expect(await f.token.investorBalance(ERIN)).to.equal(1000n * E18 - 2n);
    });
  });
});
