import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { CODE, COUNTRY, DAY, E18, STATUS, fundedFixture, investorId, issue, platformFixture } from "./fixture";
import { expectMintRestricted, expectTransferRestricted } from "./helpers";

describe("SecurityToken rules", () => {
  describe("ERC-20 behaviour for verified investors", () => {
    it("transfers between verified investors and reports name, symbol, decimals and supply", async () => {
      const f = await loadFixture(fundedFixture);
      expect([await f.token.name(), await f.token.symbol(), await f.token.decimals()]).to.deep.equal(["Folio Test Share", "FTS", 18n]);
      await expect(f.token.connect(f.alice).transfer(f.bob.address, 10n * E18))
        .to.emit(f.token, "Transfer").withArgs(f.alice.address, f.bob.address, 10n * E18);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(990n * E18);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(1010n * E18);
      expect(await f.token.totalSupply()).to.equal(3000n * E18);
      expect(await f.token.detectTransferRestriction(f.alice.address, f.bob.address, 1n)).to.equal(CODE.SUCCESS);
      expect(await f.token.messageForTransferRestriction(CODE.SUCCESS)).to.equal("No restriction");
    });

    it("has a message for every code and a fallback for unknown codes", async () => {
      const f = await loadFixture(fundedFixture);
      const messages = new Set<string>();
      for (let code = 0; code <= CODE.INVALID_APPROVER; code++) messages.add(await f.token.messageForTransferRestriction(code));
      expect(messages.size).to.equal(CODE.INVALID_APPROVER + 1);
      expect(await f.token.messageForTransferRestriction(200)).to.equal("Unknown restriction code");
    });

    it("refuses a transfer to the zero address with its code", async () => {
      const f = await loadFixture(fundedFixture);
      await expectTransferRestricted(f.token, f.alice, ethers.ZeroAddress, 1n, CODE.INVALID_RECIPIENT);
      await expectMintRestricted(f.agentToken, ethers.ZeroAddress, 1n, CODE.INVALID_RECIPIENT);
      await expect(f.token.connect(f.alice).approve(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(f.token, "ERC20InvalidSpender").withArgs(ethers.ZeroAddress);
    });

    it("moves nothing but still emits on a self-transfer and a zero-amount transfer (A6)", async () => {
      const f = await loadFixture(fundedFixture);
      const count = await f.token.investorCount();
      await expect(f.token.connect(f.alice).transfer(f.alice.address, 5n)).to.emit(f.token, "Transfer").withArgs(f.alice.address, f.alice.address, 5n);
      await expect(f.token.connect(f.alice).transfer(f.dave.address, 0n)).to.emit(f.token, "Transfer");
      expect(await f.token.balanceOf(f.alice.address)).to.equal(1000n * E18);
      expect(await f.token.balanceOf(f.dave.address)).to.equal(0n);
      expect(await f.token.investorCount()).to.equal(count);
      expect(await f.token.investorBalance(investorId("alice"))).to.equal(1000n * E18);
    });
  });

  describe("eligibility", () => {
    it("refuses senders that are not linked, suspended or past their KYC expiry", async () => {
      const f = await loadFixture(fundedFixture);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("alice"), STATUS.SUSPENDED);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1n, CODE.SENDER_NOT_ELIGIBLE);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("alice"), STATUS.ACTIVE);
      await f.registry.connect(f.kycAgent).removeWallet(f.bob.address);
      await expectTransferRestricted(f.token, f.bob, f.alice.address, 1n, CODE.SENDER_NOT_ELIGIBLE);
      await time.increaseTo(f.kycUntil + 1);
      await expectTransferRestricted(f.token, f.alice, f.erin.address, 1n, CODE.SENDER_NOT_ELIGIBLE);
    });

    it("lets a liquidate-only investor sell, even with expired KYC, but never buy (A4)", async () => {
      const f = await loadFixture(fundedFixture);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("alice"), STATUS.LIQUIDATE_ONLY);
      await time.increaseTo(f.kycUntil + 1);
      await f.registry.connect(f.kycAgent).updateInvestor(investorId("bob"), COUNTRY.DE, f.kycUntil + 100 * DAY, 1);
      await f.token.connect(f.alice).transfer(f.bob.address, 10n);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(1000n * E18 + 10n);
      expect(await f.token.canSend(f.alice.address)).to.equal(true);
      expect(await f.token.canReceive(f.alice.address)).to.equal(false);
      await f.registry.connect(f.kycAgent).updateInvestor(investorId("alice"), COUNTRY.FR, f.kycUntil + 100 * DAY, 1);
      await expectTransferRestricted(f.token, f.bob, f.alice.address, 1n, CODE.RECIPIENT_LIQUIDATE_ONLY);
      await expectMintRestricted(f.agentToken, f.alice.address, 1n, CODE.RECIPIENT_LIQUIDATE_ONLY);
    });

    it("refuses recipients that are unknown, unlinked, suspended or expired", async () => {
      const f = await loadFixture(fundedFixture);
      await expectTransferRestricted(f.token, f.alice, f.outsider.address, 1n, CODE.RECIPIENT_NOT_VERIFIED);
      await expectMintRestricted(f.agentToken, f.outsider.address, 1n, CODE.RECIPIENT_NOT_VERIFIED);
      await f.registry.connect(f.kycAgent).setInvestorStatus(investorId("dave"), STATUS.SUSPENDED);
      await expectTransferRestricted(f.token, f.alice, f.dave.address, 1n, CODE.RECIPIENT_NOT_VERIFIED);
      expect(await f.token.canReceive(f.dave.address)).to.equal(false);
      expect(await f.token.canReceive(ethers.ZeroAddress)).to.equal(false);
      await f.registry.connect(f.kycAgent).updateInvestor(investorId("alice"), COUNTRY.FR, (await time.latest()) + 10, 1);
      await time.increase(20);
      await expectTransferRestricted(f.token, f.bob, f.alice.address, 1n, CODE.RECIPIENT_NOT_VERIFIED);
    });

    it("refuses frozen senders, recipients and spenders", async () => {
      const f = await loadFixture(fundedFixture);
      expect(await f.token.canSend(f.alice.address)).to.equal(true);
      expect(await f.token.canSend(f.outsider.address)).to.equal(false);
      await f.agentToken.setAddressFrozen(f.alice.address, true);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1n, CODE.SENDER_FROZEN);
      await expectTransferRestricted(f.token, f.bob, f.alice.address, 1n, CODE.RECIPIENT_FROZEN);
      await expectMintRestricted(f.agentToken, f.alice.address, 1n, CODE.RECIPIENT_FROZEN);
      expect(await f.token.canSend(f.alice.address)).to.equal(false);
      expect(await f.token.canReceive(f.alice.address)).to.equal(false);
      await f.token.connect(f.bob).approve(f.alice.address, 10n);
      expect(await f.token.detectTransferRestrictionFrom(f.alice.address, f.bob.address, f.erin.address, 10n)).to.equal(CODE.SPENDER_FROZEN);
      await expect(f.token.connect(f.alice).transferFrom(f.bob.address, f.erin.address, 10n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.SPENDER_FROZEN);
      await f.agentToken.setAddressFrozen(f.alice.address, false);
      await f.token.connect(f.alice).transferFrom(f.bob.address, f.erin.address, 10n);
      expect(await f.token.allowance(f.bob.address, f.alice.address)).to.equal(0n);
    });
  });

  describe("balances, freezes and lock-ups", () => {
    it("refuses more than the balance, more than the unfrozen balance, and locked tokens", async () => {
      const f = await loadFixture(fundedFixture);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1000n * E18 + 1n, CODE.INSUFFICIENT_BALANCE);
      await f.agentToken.freezePartialTokens(f.alice.address, 400n * E18);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 600n * E18 + 1n, CODE.TOKENS_FROZEN);
      await f.token.connect(f.alice).transfer(f.bob.address, 600n * E18);
      expect(await f.token.spendableBalanceOf(f.alice.address)).to.equal(0n);

      const release = (await time.latest()) + 30 * DAY;
      await f.agentToken.mintLocked(f.carol.address, 100n * E18, release);
      await f.agentToken.mint(f.carol.address, 50n * E18);
      expect(await f.token.lockedBalanceOf(f.carol.address)).to.equal(100n * E18);
      expect(await f.token.spendableBalanceOf(f.carol.address)).to.equal(50n * E18);
      await expectTransferRestricted(f.token, f.carol, f.bob.address, 50n * E18 + 1n, CODE.TOKENS_LOCKED);
      await f.token.connect(f.carol).transfer(f.bob.address, 50n * E18);
      await expectTransferRestricted(f.token, f.carol, f.bob.address, 1n, CODE.TOKENS_LOCKED);
      await time.increaseTo(release - 2);
      await expectTransferRestricted(f.token, f.carol, f.bob.address, 1n, CODE.TOKENS_LOCKED);
      await time.increaseTo(release);
      await f.token.connect(f.carol).transfer(f.bob.address, 100n * E18);
      expect(await f.token.lockedBalanceOf(f.carol.address)).to.equal(0n);
    });

    it("keeps several lock-ups apart, prunes released ones, and caps their number", async () => {
      const f = await loadFixture(fundedFixture);
      const now = await time.latest();
      await f.agentToken.mintLocked(f.dave.address, 10n, now + 10 * DAY);
      await f.agentToken.mintLocked(f.dave.address, 20n, now + 20 * DAY);
      await time.increaseTo(now + 15 * DAY);
      expect(await f.token.lockedBalanceOf(f.dave.address)).to.equal(20n);
      await f.agentToken.mintLocked(f.dave.address, 5n, now + 40 * DAY);
      expect((await f.token.lockupsOf(f.dave.address)).length).to.equal(2); // the released lock-up was pruned
      await expect(f.agentToken.mintLocked(f.dave.address, 1n, await time.latest()))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidLockup");
      for (let i = 0; i < 14; i++) await f.agentToken.mintLocked(f.dave.address, 1n, now + 50 * DAY + i);
      await expect(f.agentToken.mintLocked(f.dave.address, 1n, now + 60 * DAY))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTooManyLockups").withArgs(f.dave.address);
    });
  });

  describe("ERC-7943 canTransfer and the order of the codes", () => {
    it("is not false for a balance shortfall alone, which the code reports only when no rule refuses", async () => {
      const f = await loadFixture(fundedFixture);
      // Verified parties, no rule: the shortfall alone. canTransfer stays true; the transfer fails as an ERC-20 would.
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1000n * E18 + 1n, CODE.INSUFFICIENT_BALANCE);
      expect(await f.token.canTransfer(f.alice.address, f.bob.address, 1000n * E18 + 1n)).to.equal(true);
      // Frozen tokens do not turn a shortfall into a freeze refusal: the amount is not within the balance.
      await f.agentToken.freezePartialTokens(f.alice.address, 400n * E18);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1000n * E18 + 1n, CODE.INSUFFICIENT_BALANCE);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 600n * E18 + 1n, CODE.TOKENS_FROZEN);
      // A rule that refuses comes first, and canTransfer is false.
      await expectTransferRestricted(f.token, f.alice, f.outsider.address, 1000n * E18 + 1n, CODE.RECIPIENT_NOT_VERIFIED);
      await f.agentToken.setMaxBalance(1500n * E18);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1000n * E18 + 1n, CODE.MAX_BALANCE_EXCEEDED);
      // An amount whose sum with the recipient's holding exceeds 2^256 gets the same code, not an overflow panic.
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 2n ** 256n - 1n, CODE.MAX_BALANCE_EXCEEDED);
      await f.agentToken.setCountryMode(2);
      await f.agentToken.setCountriesListed([COUNTRY.DE], true);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1000n * E18 + 1n, CODE.COUNTRY_NOT_ALLOWED);
    });
  });

  describe("investor rules", () => {
    it("enforces a country allow-list and a deny-list on the recipient's country", async () => {
      const p = await loadFixture(platformFixture);
      const { token, agentToken } = await issue(p, { countryMode: 1, countries: [COUNTRY.FR, COUNTRY.DE], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n });
      await agentToken.mint(p.alice.address, 100n);
      await expectMintRestricted(agentToken, p.carol.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      await expectTransferRestricted(token, p.alice, p.carol.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      expect(await token.canReceive(p.carol.address)).to.equal(false);
      await token.connect(p.alice).transfer(p.bob.address, 1n);

      await expect(agentToken.setCountryMode(2)).to.emit(token, "CountryModeSet").withArgs(2);
      await expectTransferRestricted(token, p.alice, p.bob.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      await token.connect(p.alice).transfer(p.carol.address, 1n);
      await expect(agentToken.setCountriesListed([COUNTRY.DE], false)).to.emit(token, "CountriesListed").withArgs([COUNTRY.DE], false);
      await token.connect(p.alice).transfer(p.bob.address, 1n);
      expect((await token.rules()).countries).to.deep.equal([BigInt(COUNTRY.FR)]);
      await agentToken.setCountryMode(0);
      expect((await token.rules()).countryMode).to.equal(0n);
      await expect(agentToken.setCountryMode(3)).to.be.revertedWithCustomError(token, "SecurityTokenInvalidCountryMode").withArgs(3);
      await expect(agentToken.setCountriesListed([1000], true)).to.be.revertedWithCustomError(token, "SecurityTokenInvalidCountry").withArgs(1000);
      await expect(agentToken.setCountriesListed([0], true)).to.be.revertedWithCustomError(token, "SecurityTokenInvalidCountry").withArgs(0);
      expect(await token.isCountryListed(COUNTRY.DE)).to.equal(false);
    });

    it("reports the country mode it enforces in rules(): 1 allow-list, 2 deny-list, 0 none", async () => {
      const p = await loadFixture(platformFixture);
      const { token, agentToken } = await issue(p, { countryMode: 1, countries: [COUNTRY.FR], accreditedOnly: false, maxInvestors: 0, maxBalance: 0n });
      expect((await token.rules()).countryMode).to.equal(1n);
      await agentToken.setCountryMode(2);
      expect((await token.rules()).countryMode).to.equal(2n);
      await agentToken.setCountryMode(0);
      expect((await token.rules()).countryMode).to.equal(0n);
    });

    it("checks long country lists (more than five countries) as well as short ones", async () => {
      const p = await loadFixture(platformFixture);
      const many = [4, 8, 12, 16, 20, 24, COUNTRY.DE, 999];
      const { token, agentToken } = await issue(p, { countryMode: 1, countries: many, accreditedOnly: false, maxInvestors: 0, maxBalance: 0n });
      await agentToken.mint(p.bob.address, 5n);
      await expectMintRestricted(agentToken, p.alice.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      await expectTransferRestricted(token, p.bob, p.alice.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      expect(await token.canReceive(p.bob.address)).to.equal(true);
      await agentToken.setCountriesListed([4, 8, 12, 16], false); // four left: checked from the config word again
      await agentToken.setCountriesListed([COUNTRY.FR], true);
      await token.connect(p.bob).transfer(p.alice.address, 1n);
      await expectTransferRestricted(token, p.bob, p.carol.address, 1n, CODE.COUNTRY_NOT_ALLOWED);
      expect((await token.rules()).countries).to.deep.equal([20n, 24n, 250n, 276n, 999n]);
    });

    it("lets only accredited investors receive when accredited-only is set", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.setAccreditedOnly(true)).to.emit(f.token, "AccreditedOnlySet").withArgs(true);
      await expectTransferRestricted(f.token, f.alice, f.dave.address, 1n, CODE.NOT_ACCREDITED);
      await expectMintRestricted(f.agentToken, f.dave.address, 1n, CODE.NOT_ACCREDITED);
      await f.token.connect(f.alice).transfer(f.bob.address, 1n);
      await f.agentToken.setAccreditedOnly(false);
      await f.token.connect(f.alice).transfer(f.dave.address, 1n);
    });

    it("caps the number of investors, counting investors and not wallets", async () => {
      const f = await loadFixture(fundedFixture);
      expect(await f.token.investorCount()).to.equal(3n);
      await f.agentToken.setMaxInvestors(3);
      await expectTransferRestricted(f.token, f.alice, f.dave.address, 1n, CODE.MAX_INVESTORS_REACHED);
      await expectMintRestricted(f.agentToken, f.dave.address, 1n, CODE.MAX_INVESTORS_REACHED);
      // erin's second wallet is the same investor: allowed, count unchanged.
      await f.token.connect(f.erin).transfer(f.erin2.address, 10n);
      expect(await f.token.investorCount()).to.equal(3n);
      // An investor who sells out frees the place the buyer takes, in the same transfer.
      await f.token.connect(f.alice).transfer(f.dave.address, 1000n * E18);
      expect(await f.token.investorCount()).to.equal(3n);
      await f.agentToken.setMaxInvestors(0);
      await f.token.connect(f.dave).transfer(f.carol.address, 1n);
      expect(await f.token.investorCount()).to.equal(4n);
      expect((await f.token.rules()).maxInvestors).to.equal(0n);
    });

    it("caps the balance per investor across all its wallets", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.setMaxBalance(1500n * E18)).to.emit(f.token, "MaxBalanceSet").withArgs(1500n * E18);
      await f.token.connect(f.erin).transfer(f.erin2.address, 400n * E18); // same investor: 1,000 in total
      await f.token.connect(f.alice).transfer(f.erin2.address, 500n * E18);
      expect(await f.token.investorBalance(investorId("erin"))).to.equal(1500n * E18);
      await expectTransferRestricted(f.token, f.alice, f.erin.address, 1n, CODE.MAX_BALANCE_EXCEEDED);
      await expectTransferRestricted(f.token, f.bob, f.erin2.address, 1n, CODE.MAX_BALANCE_EXCEEDED);
      await expectMintRestricted(f.agentToken, f.erin.address, 1n, CODE.MAX_BALANCE_EXCEEDED);
      await expectMintRestricted(f.agentToken, f.bob.address, 500n * E18 + 1n, CODE.MAX_BALANCE_EXCEEDED);
      await f.agentToken.mint(f.bob.address, 500n * E18);
      // Lowering the cap below a holding blocks increases only; the holder can still sell.
      await f.agentToken.setMaxBalance(100n * E18);
      await f.token.connect(f.bob).transfer(f.carol.address, 1n * E18);
      await expectTransferRestricted(f.token, f.bob, f.alice.address, 1n, CODE.MAX_BALANCE_EXCEEDED);
      await expect(f.agentToken.setMaxBalance(2n ** 128n)).to.be.revertedWithCustomError(f.token, "SecurityTokenInvalidMaxBalance");
      expect((await f.token.rules()).maxBalance).to.equal(100n * E18);
    });

    it("lets an investor at the balance cap move tokens between its own wallets, which changes no investor's holding", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.setMaxBalance(1000n * E18); // erin holds exactly 1,000
      expect(await f.token.detectTransferRestriction(f.erin.address, f.erin2.address, 400n * E18)).to.equal(CODE.SUCCESS);
      await f.token.connect(f.erin).transfer(f.erin2.address, 400n * E18);
      expect(await f.token.balanceOf(f.erin2.address)).to.equal(400n * E18);
      expect(await f.token.investorBalance(investorId("erin"))).to.equal(1000n * E18);
    });

    it("refuses a mint that would push the supply past 2^104 base units", async () => {
      const f = await loadFixture(fundedFixture);
      const cap = 2n ** 104n - 1n;
      await expectMintRestricted(f.agentToken, f.dave.address, cap, CODE.SUPPLY_OVERFLOW);
      await expect(f.agentToken.mint(f.dave.address, 0n)).to.emit(f.token, "Transfer").withArgs(ethers.ZeroAddress, f.dave.address, 0n);
      expect(await f.token.investorCount()).to.equal(3n); // a zero mint makes nobody a holder
      await f.agentToken.mint(f.dave.address, cap - (await f.token.totalSupply()));
      expect(await f.token.totalSupply()).to.equal(cap);
      await expectMintRestricted(f.agentToken, f.dave.address, 1n, CODE.SUPPLY_OVERFLOW);
    });
  });

  describe("pause", () => {
    it("stops transfers and mints, keeps approvals, and resumes on unpause (A10)", async () => {
      const f = await loadFixture(fundedFixture);
      await expect(f.agentToken.pause()).to.emit(f.token, "Paused").withArgs(f.tokenAgent.address);
      expect(await f.token.paused()).to.equal(true);
      await expectTransferRestricted(f.token, f.alice, f.bob.address, 1n, CODE.PAUSED);
      await expectMintRestricted(f.agentToken, f.bob.address, 1n, CODE.PAUSED);
      expect(await f.token.canSend(f.alice.address)).to.equal(false);
      await f.token.connect(f.alice).approve(f.bob.address, 5n);
      await expect(f.token.connect(f.bob).transferFrom(f.alice.address, f.bob.address, 5n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.PAUSED);
      await expect(f.token.connect(f.alice).batchTransfer([f.bob.address], [1n]))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.PAUSED);
      // Agent actions keep working while paused: burn, forced transfer.
      await f.agentToken.burn(f.alice.address, 1n);
      await f.agentToken.forcedTransfer(f.alice.address, f.bob.address, 1n);
      await expect(f.agentToken.unpause()).to.emit(f.token, "Unpaused").withArgs(f.tokenAgent.address);
      await f.token.connect(f.bob).transferFrom(f.alice.address, f.bob.address, 5n);
    });
  });

  describe("transferFrom and batchTransfer", () => {
    it("needs an allowance, spends it exactly once, and keeps an infinite allowance (A2)", async () => {
      const f = await loadFixture(fundedFixture);
      expect(await f.token.detectTransferRestrictionFrom(f.carol.address, f.alice.address, f.bob.address, 1n)).to.equal(CODE.INSUFFICIENT_ALLOWANCE);
      await expect(f.token.connect(f.carol).transferFrom(f.alice.address, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance").withArgs(f.carol.address, 0n, 1n);
      await expect(f.token.connect(f.alice).approve(f.carol.address, 100n)).to.emit(f.token, "Approval").withArgs(f.alice.address, f.carol.address, 100n);
      await f.token.connect(f.carol).transferFrom(f.alice.address, f.bob.address, 60n);
      expect(await f.token.allowance(f.alice.address, f.carol.address)).to.equal(40n);
      await expect(f.token.connect(f.carol).transferFrom(f.alice.address, f.bob.address, 41n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance").withArgs(f.carol.address, 40n, 41n);
      // Allowance granted to oneself still has to exist.
      await expect(f.token.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance").withArgs(f.alice.address, 0n, 1n);
      await f.token.connect(f.alice).approve(f.carol.address, ethers.MaxUint256);
      await f.token.connect(f.carol).transferFrom(f.alice.address, f.bob.address, 10n);
      expect(await f.token.allowance(f.alice.address, f.carol.address)).to.equal(ethers.MaxUint256);
      // The rules apply to the parties of a transferFrom as to a transfer.
      expect(await f.token.detectTransferRestrictionFrom(f.carol.address, f.alice.address, f.outsider.address, 1n)).to.equal(CODE.RECIPIENT_NOT_VERIFIED);
      await expect(f.token.connect(f.carol).transferFrom(f.alice.address, f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.RECIPIENT_NOT_VERIFIED);
    });

    it("lets an unverified spender (a settlement contract) move tokens between verified investors, but never frozen tokens (A3, B2)", async () => {
      const f = await loadFixture(fundedFixture);
      await f.token.connect(f.alice).approve(f.outsider.address, ethers.MaxUint256);
      await f.token.connect(f.outsider).transferFrom(f.alice.address, f.bob.address, 1n);
      await f.agentToken.freezePartialTokens(f.alice.address, 500n * E18);
      const unfrozen = (await f.token.balanceOf(f.alice.address)) - 500n * E18;
      expect(await f.token.detectTransferRestrictionFrom(f.outsider.address, f.alice.address, f.bob.address, unfrozen + 1n)).to.equal(CODE.TOKENS_FROZEN);
      await expect(f.token.connect(f.outsider).transferFrom(f.alice.address, f.bob.address, unfrozen + 1n))
        .to.be.revertedWithCustomError(f.token, "ERC7943InsufficientUnfrozenBalance").withArgs(f.alice.address, unfrozen + 1n, unfrozen);
      await f.token.connect(f.outsider).transferFrom(f.alice.address, f.bob.address, unfrozen);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(500n * E18);
    });

    it("checks every recipient of a batch transfer and reverts the whole batch on one refusal", async () => {
      const f = await loadFixture(fundedFixture);
      await f.token.connect(f.alice).batchTransfer([f.bob.address, f.carol.address], [1n, 2n]);
      expect(await f.token.balanceOf(f.carol.address)).to.equal(2n);
      await expect(f.token.connect(f.alice).batchTransfer([f.bob.address, f.outsider.address], [1n, 2n]))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.RECIPIENT_NOT_VERIFIED);
      expect(await f.token.balanceOf(f.bob.address)).to.equal(1000n * E18 + 1n);
      await expect(f.token.connect(f.alice).batchTransfer([f.bob.address], [1n, 2n])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });

    it("checks every recipient of a batch mint", async () => {
      const f = await loadFixture(fundedFixture);
      await f.agentToken.batchMint([f.carol.address, f.dave.address], [1n, 2n]);
      expect(await f.token.investorCount()).to.equal(5n);
      await expect(f.agentToken.batchMint([f.carol.address, f.outsider.address], [1n, 2n]))
        .to.be.revertedWithCustomError(f.token, "SecurityTokenTransferRestricted").withArgs(CODE.RECIPIENT_NOT_VERIFIED);
      await expect(f.agentToken.batchMint([f.carol.address], [])).to.be.revertedWithCustomError(f.token, "SecurityTokenLengthMismatch");
    });
  });
});
