// The base ERC-20 behaviour, checked the way OpenZeppelin's own ERC-20 behaviour tests check any token
// (test/token/ERC20/ERC20.behavior.js in OpenZeppelin Contracts v5): the same cases, the same ERC-6093 errors and
// arguments. Folio's compliance rules pass here (verified investors, no rules), so only the base failures show.
// The last tests decode Folio's reverts with nothing but the standards' ABIs, as a wallet or an explorer would.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { decodeErrorResult, parseAbi, type Hex } from "viem";
import { CODE, E18, fundedFixture } from "./fixture";

const INITIAL = 1000n * E18;

async function erc20Fixture() {
  const f = await fundedFixture();
  // holder: alice (1,000); recipient: bob; spender: carol (a verified investor holding nothing).
  return { ...f, holder: f.alice, recipient: f.bob, spender: f.carol };
}

/** The revert data of a call that must revert. */
async function revertData(call: Promise<unknown>): Promise<Hex> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: string }).data;
    if (data) return data as Hex;
    throw error;
  }
  throw new Error("the call did not revert");
}

describe("SecurityToken as an ERC-20 (OpenZeppelin's behaviour checks, ERC-6093 errors)", () => {
  describe("transfer", () => {
    it("reverts with ERC20InsufficientBalance(sender, balance, value) when the sender does not have enough balance", async () => {
      const f = await loadFixture(erc20Fixture);
      await expect(f.token.connect(f.holder).transfer(f.recipient.address, INITIAL + 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
        .withArgs(f.holder.address, INITIAL, INITIAL + 1n);
    });

    it("transfers the requested value and emits a Transfer event", async () => {
      const f = await loadFixture(erc20Fixture);
      const tx = f.token.connect(f.holder).transfer(f.recipient.address, INITIAL);
      await expect(tx).to.emit(f.token, "Transfer").withArgs(f.holder.address, f.recipient.address, INITIAL);
      await expect(tx).to.changeTokenBalances(f.token, [f.holder, f.recipient], [-INITIAL, INITIAL]);
    });

    it("transfers a zero value", async () => {
      const f = await loadFixture(erc20Fixture);
      await expect(f.token.connect(f.holder).transfer(f.recipient.address, 0n))
        .to.emit(f.token, "Transfer").withArgs(f.holder.address, f.recipient.address, 0n);
    });

    it("reverts with ERC20InvalidReceiver(0) when the recipient is the zero address", async () => {
      const f = await loadFixture(erc20Fixture);
      await expect(f.token.connect(f.holder).transfer(ethers.ZeroAddress, INITIAL))
        .to.be.revertedWithCustomError(f.token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("transferFrom", () => {
    it("transfers within the allowance, decreases it and emits a Transfer event", async () => {
      const f = await loadFixture(erc20Fixture);
      await f.token.connect(f.holder).approve(f.spender.address, INITIAL);
      const tx = f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, INITIAL);
      await expect(tx).to.emit(f.token, "Transfer").withArgs(f.holder.address, f.recipient.address, INITIAL);
      await expect(tx).to.changeTokenBalances(f.token, [f.holder, f.recipient], [-INITIAL, INITIAL]);
      expect(await f.token.allowance(f.holder.address, f.spender.address)).to.equal(0n);
    });

    it("reverts with ERC20InsufficientBalance when the owner does not have enough balance", async () => {
      const f = await loadFixture(erc20Fixture);
      await f.token.connect(f.holder).transfer(f.recipient.address, 1n);
      await f.token.connect(f.holder).approve(f.spender.address, INITIAL);
      await expect(f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, INITIAL))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
        .withArgs(f.holder.address, INITIAL - 1n, INITIAL);
    });

    it("reverts with ERC20InsufficientAllowance(spender, allowance, value), before the balance, when the allowance is too low", async () => {
      const f = await loadFixture(erc20Fixture);
      await f.token.connect(f.holder).approve(f.spender.address, INITIAL - 1n);
      await expect(f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, INITIAL))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(f.spender.address, INITIAL - 1n, INITIAL);
      await expect(f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, INITIAL + 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(f.spender.address, INITIAL - 1n, INITIAL + 1n);
    });

    it("does not decrease an infinite allowance", async () => {
      const f = await loadFixture(erc20Fixture);
      await f.token.connect(f.holder).approve(f.spender.address, ethers.MaxUint256);
      await f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, 1n);
      expect(await f.token.allowance(f.holder.address, f.spender.address)).to.equal(ethers.MaxUint256);
    });

    it("reverts with ERC20InvalidReceiver(0) when the recipient is the zero address", async () => {
      const f = await loadFixture(erc20Fixture);
      await f.token.connect(f.holder).approve(f.spender.address, INITIAL);
      await expect(f.token.connect(f.spender).transferFrom(f.holder.address, ethers.ZeroAddress, INITIAL))
        .to.be.revertedWithCustomError(f.token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("reverts with ERC20InvalidApprover(0) when the token owner is the zero address", async () => {
      const f = await loadFixture(erc20Fixture);
      expect(await f.token.detectTransferRestrictionFrom(f.recipient.address, ethers.ZeroAddress, f.recipient.address, 0n)).to.equal(CODE.INVALID_APPROVER);
      await expect(f.token.connect(f.recipient).transferFrom(ethers.ZeroAddress, f.recipient.address, 0n))
        .to.be.revertedWithCustomError(f.token, "ERC20InvalidApprover")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("approve", () => {
    it("sets and replaces the allowance and emits an Approval event", async () => {
      const f = await loadFixture(erc20Fixture);
      await expect(f.token.connect(f.holder).approve(f.spender.address, INITIAL))
        .to.emit(f.token, "Approval").withArgs(f.holder.address, f.spender.address, INITIAL);
      await f.token.connect(f.holder).approve(f.spender.address, 1n);
      expect(await f.token.allowance(f.holder.address, f.spender.address)).to.equal(1n);
    });

    it("reverts with ERC20InvalidSpender(0) when the spender is the zero address", async () => {
      const f = await loadFixture(erc20Fixture);
      await expect(f.token.connect(f.holder).approve(ethers.ZeroAddress, INITIAL))
        .to.be.revertedWithCustomError(f.token, "ERC20InvalidSpender")
        .withArgs(ethers.ZeroAddress);
    });
  });

  it("returns true from transfer, transferFrom and approve, which callers checking the bool (SafeERC20) require", async () => {
    const f = await loadFixture(erc20Fixture);
    expect(await f.token.connect(f.holder).approve.staticCall(f.spender.address, INITIAL)).to.equal(true);
    expect(await f.token.connect(f.holder).transfer.staticCall(f.recipient.address, 1n)).to.equal(true);
    await f.token.connect(f.holder).approve(f.spender.address, INITIAL);
    expect(await f.token.connect(f.spender).transferFrom.staticCall(f.holder.address, f.recipient.address, 1n)).to.equal(true);
  });

  describe("decoded with the standards' ABIs alone", () => {
    // What a wallet or an explorer knows: OpenZeppelin's IERC20Errors (ERC-6093) and the ERC-7943 error.
    const standardErrors = [
      ...(require("../../../artifacts/@openzeppelin/contracts/interfaces/draft-IERC6093.sol/IERC20Errors.json") as { abi: unknown[] }).abi,
      ...parseAbi(["error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen)"]),
    ] as const;

    it("names the base ERC-20 failures and the frozen shortfall with their arguments", async () => {
      const f = await loadFixture(erc20Fixture);
      const decode = async (call: Promise<unknown>) => {
        const { errorName, args } = decodeErrorResult({ abi: standardErrors, data: await revertData(call) });
        return [errorName, [...(args ?? [])].map(String)];
      };
      expect(await decode(f.token.connect(f.holder).transfer(f.recipient.address, INITIAL + 1n)))
        .to.deep.equal(["ERC20InsufficientBalance", [f.holder.address, String(INITIAL), String(INITIAL + 1n)]]);
      expect(await decode(f.token.connect(f.spender).transferFrom(f.holder.address, f.recipient.address, 5n)))
        .to.deep.equal(["ERC20InsufficientAllowance", [f.spender.address, "0", "5"]]);
      expect(await decode(f.token.connect(f.holder).approve(ethers.ZeroAddress, 1n))).to.deep.equal(["ERC20InvalidSpender", [ethers.ZeroAddress]]);
      await f.agentToken.freezePartialTokens(f.holder.address, 400n * E18);
      expect(await decode(f.token.connect(f.holder).transfer(f.recipient.address, 601n * E18)))
        .to.deep.equal(["ERC7943InsufficientUnfrozenBalance", [f.holder.address, String(601n * E18), String(600n * E18)]]);
    });
  });
});
