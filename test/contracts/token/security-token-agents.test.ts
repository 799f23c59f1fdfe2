import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AgentPermission, CODE, DAY, E18, STATUS, fundedFixture, investorId, issue, platformFixture } from "./fixture";

describe("SecurityToken agents", () => {
  describe("permissions (C1)", () => {
    it("gives each agent exactly the powers it was granted", async () => {
      const f = await loadFixture(fundedFixture);
      const [minter, freezer] = f.spare;
      await expect(f.token.setAgentPermissions(minter!.address, AgentPermission.MINT))
        .to.emit(f.token, "AgentAdded").withArgs(minter!.address)
        .and.to.emit(f.token, "AgentPermissionsSet").withArgs(minter!.address, AgentPermission.MINT);
      await f.token.setAgentPermissions(freezer!.address, AgentPermission.FREEZE);
      expect(await f.token.isAgent(minter!.address)).to.equal(true);
      expect(await f.token.agentPermissions(freezer!.address)).to.equal(BigInt(AgentPermission.FREEZE));

      await f.token.connect(minter!).mint(f.dave.address, 1n);
      const denied = (p: number) => ["SecurityTokenMissingPermission", p] as const;
      const m = f.token.connect(minter!);
      const checks: [() => Promise<unknown>, number][] = [
        [() => m.burn(f.alice.address, 1n), AgentPermission.BURN],
        [() => m.setAddressFrozen(f.alice.address, true), AgentPermission.FREEZE],
        [() => m.freezePartialTokens(f.alice.address, 1n), AgentPermission.FREEZE],
        [() => m.setFrozenTokens(f.alice.address, 1n), AgentPermission.FREEZE],
        [() => m.forcedTransfer(f.alice.address, f.bob.address, 1n), AgentPermission.FORCED_TRANSFER],
        [() => m.recoveryAddress(f.erin.address, f.erin2.address, ethers.ZeroAddress), AgentPermission.RECOVERY],
        [() => m.pause(), AgentPermission.PAUSE],
        [() => m.setDocument(ethers.encodeBytes32String("x"), "ipfs://x", ethers.ZeroHash), AgentPermission.DOCUMENTS],
        [() => m.setMaxInvestors(1), AgentPermission.RULES],
        [() => f.token.connect(freezer!).mint(f.dave.address, 1n), AgentPermission.MINT],
        // The rest of the agent functions, so each one's permission check is shown, batches included.
        [() => m.batchBurn([f.alice.address], [1n]), AgentPermission.BURN],
        [() => m.burnInvestor(investorId("alice"), [f.alice.address], 1n), AgentPermission.BURN],
        [() => m.batchSetAddressFrozen([f.alice.address], [true]), AgentPermission.FREEZE],
        [() => m.batchFreezePartialTokens([f.alice.address], [1n]), AgentPermission.FREEZE],
        [() => m.unfreezePartialTokens(f.alice.address, 1n), AgentPermission.FREEZE],
        [() => m.batchUnfreezePartialTokens([f.alice.address], [1n]), AgentPermission.FREEZE],
        [() => m.batchForcedTransfer([f.alice.address], [f.bob.address], [1n]), AgentPermission.FORCED_TRANSFER],
        [() => m.forcedTransferInvestor(investorId("alice"), [f.alice.address], f.bob.address, 1n), AgentPermission.FORCED_TRANSFER],
        [() => m.unpause(), AgentPermission.PAUSE],
        [() => m.removeDocument(ethers.encodeBytes32String("x")), AgentPermission.DOCUMENTS],
        [() => m.setCountryMode(1), AgentPermission.RULES],
        [() => m.setCountriesListed([250], true), AgentPermission.RULES],
        [() => m.setAccreditedOnly(true), AgentPermission.RULES],
        [() => m.setMaxBalance(1n), AgentPermission.RULES],
        [() => f.token.connect(freezer!).batchMint([f.dave.address], [1n]), AgentPermission.MINT],
        [() => f.token.connect(freezer!).mintLocked(f.dave.address, 1n, 2n ** 39n), AgentPermission.MINT],
      ];
      for (const [tx, permission] of checks) {
        const [error, arg] = denied(permission);
        await expect(tx()).to.be.revertedWithCustomError(f.token, error).withArgs(anyAddress(), arg);
      }
      await f.token.connect(freezer!).freezePartialTokens(f.alice.address, 1n);

      // Investors and the KYC agent hold no token power; owner functions are the owner's only.
      await expect(f.token.connect(f.kycAgent).mint(f.alice.address, 1n)).to.be.revertedWithCustomError(f.token, "SecurityTokenMissingPermission");
      await expect(f.token.connect(f.tokenAgent).setAgentPermissions(f.tokenAgent.address, 255)).to.be.revertedWithCustomError(f.token, "OwnableUnauthorizedAccount");
      await expect(f.token.connect(f.alice).addAgent(f.alice.address)).to.be.revertedWithCustomError(f.token, "OwnableUnauthorizedAccount");

      await expect(f.token.setAgentPermissions(minter!.address, 512)).to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidPermissions").withArgs(512);
      await f.token.setAgentPermissions(minter!.address, AgentPermission.DISTRIBUTION);
      expect(await f.token.agentPermissions(minter!.address)).to.equal(BigInt(AgentPermission.DISTRIBUTION));
      await expect(f.token.setAgentPermissions(ethers.ZeroAddress, 1)).to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidWallet");
      await expect(f.token.removeAgent(minter!.address)).to.emit(f.token, "AgentRemoved").withArgs(minter!.address);
      expect(await f.token.isAgent(minter!.address)).to.equal(false);
      await expect(f.token.addAgent(minter!.address)).to.emit(f.token, "AgentAdded");
      expect(await f.token.agentPermissions(minter!.address)).to.equal(BigInt(AgentPermission.ALL));
    });
  });

  describe("freezes", () => {
    it("freezes and unfreezes amounts within the balance, singly and in batches", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.freezePartialTokens(f.alice.address, 100n)).to.emit(f.token, "TokensFrozen").withArgs(f.alice.address, 100n);
      await expect(f.agentToken.unfreezePartialTokens(f.alice.address, 40n)).to.emit(f.token, "TokensUnfrozen").withArgs(f.alice.address, 40n);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(60n);
      await expect(f.agentToken.freezePartialTokens(f.alice.address, 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenFreezeExceedsBalance").withArgs(f.alice.address, 1000n * E18 + 60n, 1000n * E18);
      // An amount whose sum with the frozen amount exceeds 2^256 gets the same error, with the sum saturated.
      await expect(f.agentToken.freezePartialTokens(f.alice.address, 2n ** 256n - 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenFreezeExceedsBalance").withArgs(f.alice.address, 2n ** 256n - 1n, 1000n * E18);
      await expect(f.agentToken.unfreezePartialTokens(f.alice.address, 61n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenUnfreezeExceedsFrozen").withArgs(f.alice.address, 61n, 60n);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(60n);
      await f.agentToken.batchFreezePartialTokens([f.alice.address, f.bob.address], [1n, 2n]);
      await f.agentToken.batchUnfreezePartialTokens([f.alice.address, f.bob.address], [1n, 1n]);
      expect(await f.token.getFrozenTokens(f.bob.address)).to.equal(1n);
      await expect(f.agentToken.batchFreezePartialTokens([f.alice.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
      await expect(f.agentToken.batchUnfreezePartialTokens([f.alice.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });

    it("sets an absolute frozen amount (ERC-7943) in both directions", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.setFrozenTokens(f.alice.address, 500n)).to.emit(f.token, "Frozen").withArgs(f.alice.address, 500n);
      await expect(f.agentToken.setFrozenTokens(f.alice.address, 200n)).to.emit(f.token, "TokensUnfrozen").withArgs(f.alice.address, 300n);
      await f.agentToken.setFrozenTokens(f.alice.address, 200n);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(200n);
      await expect(f.agentToken.setFrozenTokens(f.alice.address, 1001n * E18)).to.be.revertedWithCustomError(f.token, "SecurityTokenFreezeExceedsBalance");
    });

    it("freezes whole wallets in batches", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.batchSetAddressFrozen([f.alice.address, f.bob.address], [true, true]))
        .to.emit(f.token, "AddressFrozen").withArgs(f.alice.address, true, f.tokenAgent.address);
      expect(await f.token.isFrozen(f.bob.address)).to.equal(true);
      await f.agentToken.batchSetAddressFrozen([f.bob.address], [false]);
      expect(await f.token.isFrozen(f.bob.address)).to.equal(false);
      await expect(f.agentToken.batchSetAddressFrozen([f.bob.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });
  });

  describe("forced transfer", () => {
    it("moves tokens past sender-side rules but only to a verified, unfrozen wallet (B5)", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.setAddressFrozen(f.alice.address, true);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("alice"), STATUS.SUSPENDED);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.dave.address, 10n))
        .to.emit(f.token, "ForcedTransfer").withArgs(f.alice.address, f.dave.address, 10n)
        .and.to.emit(f.token, "Transfer").withArgs(f.alice.address, f.dave.address, 10n);
      expect(await f.token.investorCount()).to.equal(4n);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified").withArgs(f.outsider.address);
      await f.agentToken.setAddressFrozen(f.bob.address, true);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified").withArgs(f.bob.address);
      await expect(f.agentToken.forcedTransfer(f.alice.address, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(f.token, "ERC20InvalidReceiver").withArgs(ethers.ZeroAddress);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.dave.address, 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance").withArgs(f.alice.address, 1000n * E18 - 10n, 1000n * E18);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(1000n * E18 - 10n);
    });

    it("unfreezes only the shortfall and emits it (B4)", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.freezePartialTokens(f.alice.address, 800n * E18);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.bob.address, 300n * E18))
        .to.emit(f.token, "TokensUnfrozen").withArgs(f.alice.address, 100n * E18);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(700n * E18);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(700n * E18);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.bob.address, 100n * E18)).to.emit(f.token, "TokensUnfrozen").withArgs(f.alice.address, 100n * E18);
    });

    it("refuses a forced self-transfer, which would hide an unfreeze (B3)", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.freezePartialTokens(f.alice.address, 500n * E18);
      await expect(f.agentToken.forcedTransfer(f.alice.address, f.alice.address, 1000n * E18))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenSameWallet").withArgs(f.alice.address);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(500n * E18);
    });

    it("takes locked tokens only as far as needed and shrinks the lock-ups", async () => {
      const f = await loadFixture(fundedFixture);
      const release = (await time.latest()) + 10 * DAY;
      await f.agentToken.mintLocked(f.dave.address, 100n, release);
      await f.agentToken.mint(f.dave.address, 20n);
      await f.agentToken.forcedTransfer(f.dave.address, f.bob.address, 50n);
      expect(await f.token.lockedBalanceOf(f.dave.address)).to.equal(70n);
      await f.agentToken.burn(f.dave.address, 60n);
      expect(await f.token.lockedBalanceOf(f.dave.address)).to.equal(10n);
      expect(await f.token.spendableBalanceOf(f.dave.address)).to.equal(0n);
    });

    it("keeps frozen and locked tokens frozen and locked when an agent without the freeze permission moves them between one investor's wallets", async () => {
      const f = await loadFixture(fundedFixture);
      const [mover] = f.spare;
      await f.token.setAgentPermissions(mover!.address, AgentPermission.FORCED_TRANSFER);
      const release = (await time.latest()) + 10 * DAY;
      // erin's first wallet: 1,300 of which 300 locked and 600 (other) tokens frozen.
      await f.agentToken.mintLocked(f.erin.address, 300n * E18, release);
      await f.agentToken.freezePartialTokens(f.erin.address, 600n * E18);
      const investorFrozenAndLocked = async () => [
        (await f.token.getFrozenTokens(f.erin.address)) + (await f.token.getFrozenTokens(f.erin2.address)),
        (await f.token.lockedBalanceOf(f.erin.address)) + (await f.token.lockedBalanceOf(f.erin2.address)),
      ];
      expect(await investorFrozenAndLocked()).to.deep.equal([600n * E18, 300n * E18]);

      const tx = f.token.connect(mover!).forcedTransfer(f.erin.address, f.erin2.address, 1200n * E18);
      await expect(tx).to.emit(f.token, "TokensUnfrozen").withArgs(f.erin.address, 500n * E18);
      await expect(tx).to.emit(f.token, "TokensFrozen").withArgs(f.erin2.address, 500n * E18);
      await expect(tx).to.emit(f.token, "LockupsMoved").withArgs(f.erin.address, f.erin2.address, 300n * E18);
      expect(await investorFrozenAndLocked()).to.deep.equal([600n * E18, 300n * E18]);
      expect(await f.token.getFrozenTokens(f.erin2.address)).to.equal(500n * E18);
      expect(await f.token.lockedBalanceOf(f.erin2.address)).to.equal(300n * E18);
      expect((await f.token.lockupsOf(f.erin2.address)).map((l) => [l.amount, Number(l.releaseTime)])).to.deep.equal([[300n * E18, release]]);
      // Nothing the investor could not move before became movable: 1,300 held, 600 frozen, 300 locked.
      expect((await f.token.spendableBalanceOf(f.erin.address)) + (await f.token.spendableBalanceOf(f.erin2.address))).to.equal(400n * E18);
      expect(await f.token.detectTransferRestriction(f.erin2.address, f.bob.address, 400n * E18)).to.equal(CODE.SUCCESS);
      expect(await f.token.detectTransferRestriction(f.erin2.address, f.bob.address, 401n * E18)).to.equal(CODE.TOKENS_LOCKED);
      expect(await f.token.detectTransferRestriction(f.erin2.address, f.bob.address, 701n * E18)).to.equal(CODE.TOKENS_FROZEN);

      // The same through the investor-level seizure onto her other wallet, and back.
      await f.registry.connect(f.kycAgent).addWallet(investorId("erin"), f.spare[1]!.address);
      await f.token.connect(mover!).forcedTransferInvestor(investorId("erin"), [f.erin.address, f.erin2.address], f.spare[1]!.address, 1300n * E18);
      expect(await f.token.getFrozenTokens(f.spare[1]!.address)).to.equal(600n * E18);
      expect(await f.token.lockedBalanceOf(f.spare[1]!.address)).to.equal(300n * E18);
      expect(await f.token.spendableBalanceOf(f.spare[1]!.address)).to.equal(400n * E18);

      // A forced transfer to another investor still releases what it takes (a seizure).
      await expect(f.token.connect(mover!).forcedTransfer(f.spare[1]!.address, f.bob.address, 1300n * E18))
        .to.emit(f.token, "TokensUnfrozen").withArgs(f.spare[1]!.address, 600n * E18);
      expect(await f.token.getFrozenTokens(f.bob.address)).to.equal(0n);
    });

    it("runs in batches, all or nothing", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.batchForcedTransfer([f.alice.address, f.bob.address], [f.dave.address, f.dave.address], [1n, 2n]);
      expect(await f.token.balanceOf(f.dave.address)).to.equal(3n);
      await expect(f.agentToken.batchForcedTransfer([f.alice.address, f.bob.address], [f.dave.address, f.outsider.address], [1n, 2n]))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified");
      expect(await f.token.balanceOf(f.dave.address)).to.equal(3n);
      await expect(f.agentToken.batchForcedTransfer([f.alice.address], [f.dave.address, f.bob.address], [1n])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
      await expect(f.agentToken.batchForcedTransfer([f.alice.address], [f.dave.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });
  });

  describe("burn", () => {
    it("burns from any holder, unfreezing the shortfall, and updates supply and count", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.freezePartialTokens(f.bob.address, 1000n * E18);
      await expect(f.agentToken.burn(f.bob.address, 1000n * E18))
        .to.emit(f.token, "Transfer").withArgs(f.bob.address, ethers.ZeroAddress, 1000n * E18)
        .and.to.emit(f.token, "TokensUnfrozen").withArgs(f.bob.address, 1000n * E18);
      expect(await f.token.totalSupply()).to.equal(2000n * E18);
      expect(await f.token.investorCount()).to.equal(2n);
      expect(await f.token.getFrozenTokens(f.bob.address)).to.equal(0n);
      await expect(f.agentToken.burn(f.bob.address, 1n)).to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance").withArgs(f.bob.address, 0n, 1n);
      await f.agentToken.batchBurn([f.alice.address, f.erin.address], [1n, 2n]);
      expect(await f.token.totalSupply()).to.equal(2000n * E18 - 3n);
      await expect(f.agentToken.batchBurn([f.alice.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });
  });

  describe("recovery (B6, B8)", () => {
    it("moves balance, frozen amount, freeze flag and lock-ups to a new wallet of the same investor", async () => {
      const f = await loadFixture(fundedFixture);
      const [fresh] = f.spare;
      const release = (await time.latest()) + 10 * DAY;
      await f.agentToken.mintLocked(f.alice.address, 100n, release);
      await f.agentToken.freezePartialTokens(f.alice.address, 300n);
      await f.agentToken.setAddressFrozen(f.alice.address, true);
      await f.registry.connect(f.kycAgent).removeWallet(f.alice.address); // the lost wallet is unlinked first
      await f.registry.connect(f.kycAgent).addWallet(investorId("alice"), fresh!.address);
      const count = await f.token.investorCount();

      await expect(f.agentToken.recoveryAddress(f.alice.address, fresh!.address, f.outsider.address))
        .to.emit(f.token, "RecoverySuccess").withArgs(f.alice.address, fresh!.address, f.outsider.address)
        .and.to.emit(f.token, "LockupsMoved").withArgs(f.alice.address, fresh!.address, 100n)
        .and.to.emit(f.token, "AddressFrozen").withArgs(fresh!.address, true, f.tokenAgent.address);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(0n);
      expect(await f.token.balanceOf(fresh!.address)).to.equal(1000n * E18 + 100n);
      expect(await f.token.getFrozenTokens(fresh!.address)).to.equal(300n);
      expect(await f.token.getFrozenTokens(f.alice.address)).to.equal(0n);
      expect(await f.token.isFrozen(fresh!.address)).to.equal(true);
      expect(await f.token.isFrozen(f.alice.address)).to.equal(false);
      expect(await f.token.lockedBalanceOf(fresh!.address)).to.equal(100n);
      expect(await f.token.lockupsOf(f.alice.address)).to.deep.equal([]);
      expect(await f.token.investorCount()).to.equal(count);
      expect(await f.token.investorBalance(investorId("alice"))).to.equal(1000n * E18 + 100n);

      // The recovered tokens can move again once unfrozen (B8).
      await f.agentToken.setAddressFrozen(fresh!.address, false);
      await f.token.connect(fresh!).transfer(f.bob.address, 1n);
    });

    it("never merges two investors, never recovers onto the same or an unverified wallet, and needs a balance", async () => {
      const f = await loadFixture(fundedFixture);
      const [fresh] = f.spare;
      await expect(f.agentToken.recoveryAddress(f.alice.address, f.bob.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenNotSameInvestor").withArgs(f.alice.address, f.bob.address);
      await expect(f.agentToken.recoveryAddress(f.alice.address, f.alice.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenSameWallet");
      await expect(f.agentToken.recoveryAddress(f.alice.address, fresh!.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenRecipientNotVerified").withArgs(fresh!.address);
      await expect(f.agentToken.recoveryAddress(f.dave.address, f.carol.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenNothingToRecover").withArgs(f.dave.address);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(1000n * E18);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(1000n * E18);
    });

    it("recovers onto a wallet of the same investor that already holds, keeping the investor count", async () => {
      const f = await loadFixture(fundedFixture);
      await f.token.connect(f.erin).transfer(f.erin2.address, 100n);
      await f.agentToken.freezePartialTokens(f.erin2.address, 50n);
      await f.agentToken.recoveryAddress(f.erin.address, f.erin2.address, ethers.ZeroAddress);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(1000n * E18);
      expect(await f.token.getFrozenTokens(f.erin2.address)).to.equal(50n);
      expect(await f.token.investorCount()).to.equal(3n);
      expect(await f.token.investorBalance(investorId("erin"))).to.equal(1000n * E18);
    });
  });

  describe("documents (ERC-1643)", () => {
    it("adds, replaces, lists and removes documents", async () => {
      const f = await loadFixture(fundedFixture);
      const prospectus = ethers.encodeBytes32String("prospectus");
      const terms = ethers.encodeBytes32String("terms");
      expect(await f.token.getAllDocuments()).to.deep.equal([prospectus]);
      await expect(f.agentToken.setDocument(terms, "ipfs://terms", ethers.id("terms")))
        .to.emit(f.token, "DocumentUpdated").withArgs(terms, "ipfs://terms", ethers.id("terms"));
      await f.agentToken.setDocument(prospectus, "ipfs://prospectus-v2", ethers.id("v2"));
      const [uri, hash, modified] = await f.token.getDocument(prospectus);
      expect([uri, hash]).to.deep.equal(["ipfs://prospectus-v2", ethers.id("v2")]);
      expect(modified).to.equal(BigInt(await time.latest()));
      expect(await f.token.getAllDocuments()).to.deep.equal([prospectus, terms]);
      await expect(f.agentToken.removeDocument(prospectus)).to.emit(f.token, "DocumentRemoved").withArgs(prospectus, "ipfs://prospectus-v2", ethers.id("v2"));
      expect(await f.token.getAllDocuments()).to.deep.equal([terms]);
      await expect(f.agentToken.removeDocument(prospectus)).to.be.revertedWithCustomError(f.token, "SecurityTokenUnknownDocument").withArgs(prospectus);
      await expect(f.agentToken.setDocument(ethers.ZeroHash, "ipfs://x", ethers.ZeroHash)).to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidDocument");
      await expect(f.agentToken.setDocument(terms, "", ethers.ZeroHash)).to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidDocument");
      for (let i = 0; i < 63; i++) await f.agentToken.setDocument(ethers.encodeBytes32String(`d${i}`), "ipfs://d", ethers.ZeroHash);
      await expect(f.agentToken.setDocument(ethers.encodeBytes32String("one-too-many"), "ipfs://d", ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTooManyDocuments");
    });
  });

  describe("owner settings and introspection", () => {
    it("updates name, symbol and on-chain id with the ERC-3643 event", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.token.setName("Renamed")).to.emit(f.token, "UpdatedTokenInformation").withArgs("Renamed", "FTS", 18, "1.0.0", ethers.ZeroAddress);
      await f.token.setSymbol("RNM");
      await f.token.setOnchainID(f.outsider.address);
      expect([await f.token.name(), await f.token.symbol(), await f.token.onchainID(), await f.token.version()])
        .to.deep.equal(["Renamed", "RNM", f.outsider.address, "1.0.0"]);
      await expect(f.token.connect(f.tokenAgent).setName("x")).to.be.revertedWithCustomError(f.token, "OwnableUnauthorizedAccount");
    });

    it("is its own compliance contract and, before any token is held, replaces its registry only with a contract", async () => {
      const p = await loadFixture(platformFixture);
      const { token } = await issue(p);
      expect(await token.compliance()).to.equal(await token.getAddress());
      await expect(token.setCompliance(p.outsider.address)).to.be.revertedWithCustomError(token, "SecurityTokenComplianceBuiltIn");
      await expect(token.setIdentityRegistry(p.outsider.address)).to.be.revertedWithCustomError(token, "SecurityTokenInvalidRegistry");
      const other = await (await ethers.getContractFactory("IdentityRegistry")).deploy(p.owner.address);
      await expect(token.setIdentityRegistry(await other.getAddress())).to.emit(token, "IdentityRegistryAdded").withArgs(await other.getAddress());
      expect(await token.identityRegistry()).to.equal(await other.getAddress());
      // Nobody is registered in the new registry, so nobody may send.
      expect(await token.detectTransferRestriction(p.alice.address, p.bob.address, 1n)).to.equal(CODE.SENDER_NOT_ELIGIBLE);
    });

    it("answers ERC-165 for every interface it implements and nothing else", async () => {
      const f = await loadFixture(fundedFixture);
      const ids = {
        erc165: "0x01ffc9a7",
        erc20: "0x36372b07",
        erc7943: "0x3edbb4c4",
        erc173: "0x7f5828d0",
      };
      for (const id of Object.values(ids)) expect(await f.token.supportsInterface(id)).to.equal(true, id);
      const iface = (names: string[]) =>
        "0x" + names.map((n) => BigInt(ethers.id(n).slice(0, 10))).reduce((a, b) => a ^ b).toString(16).padStart(8, "0");
      expect(await f.token.supportsInterface(iface(["detectTransferRestriction(address,address,uint256)", "messageForTransferRestriction(uint8)", "detectTransferRestrictionFrom(address,address,address,uint256)"]))).to.equal(true);
      expect(await f.token.supportsInterface(iface(["getDocument(bytes32)", "setDocument(bytes32,string,bytes32)", "removeDocument(bytes32)", "getAllDocuments()"]))).to.equal(true);
      expect(await f.token.supportsInterface(iface(["addAgent(address)", "removeAgent(address)", "isAgent(address)"]))).to.equal(true);
      expect(await f.token.supportsInterface("0xffffffff")).to.equal(false);
      expect(await f.token.supportsInterface("0x12345678")).to.equal(false);
    });
  });
});

function anyAddress() {
  return (value: unknown) => typeof value === "string" && value.startsWith("0x");
}
