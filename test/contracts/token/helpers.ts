import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { SecurityToken } from "../../../typechain-types";
import { CODE } from "./fixture";

/** What a refused transfer's error reports besides its code. */
export interface RefusalContext {
  from: string;
  to: string;
  value: bigint;
  /** The sender's balance and frozen amount before the transfer. */
  balance: bigint;
  frozen: bigint;
  spender?: string;
  allowance?: bigint;
}

/**
 * The custom error, with its arguments, that a transfer or mint refused with restriction `code` reverts with: the
 * ERC-6093 errors for the base ERC-20 failures, ERC-7943's for frozen tokens, SecurityTokenTransferRestricted(code)
 * for every rule.
 */
export function refusalError(code: number, c: RefusalContext): [string, unknown[]] {
  switch (code) {
    case CODE.INVALID_APPROVER:
      return ["ERC20InvalidApprover", [c.from]];
    case CODE.INVALID_RECIPIENT:
      return ["ERC20InvalidReceiver", [c.to]];
    case CODE.INSUFFICIENT_ALLOWANCE:
      return ["ERC20InsufficientAllowance", [c.spender, c.allowance, c.value]];
    case CODE.INSUFFICIENT_BALANCE:
      return ["ERC20InsufficientBalance", [c.from, c.balance, c.value]];
    case CODE.TOKENS_FROZEN:
      return ["ERC7943InsufficientUnfrozenBalance", [c.from, c.value, c.balance - c.frozen]];
    default:
      return ["SecurityTokenTransferRestricted", [BigInt(code)]];
  }
}

/** The sender's side of a RefusalContext, read now. */
export async function refusalContext(token: SecurityToken, from: string, to: string, value: bigint, spender?: string): Promise<RefusalContext> {
  return {
    from,
    to,
    value,
    balance: await token.balanceOf(from),
    frozen: await token.getFrozenTokens(from),
    spender,
    allowance: spender === undefined ? undefined : await token.allowance(from, spender),
  };
}

/** The view says `code`, the transfer reverts with exactly that code's error, and no balance moved. */
export async function expectTransferRestricted(
  token: SecurityToken,
  from: HardhatEthersSigner,
  to: string,
  amount: bigint,
  code: number,
) {
  expect(await token.detectTransferRestriction(from.address, to, amount)).to.equal(code);
  // ERC-7943: a shortfall of balance alone never makes canTransfer false.
  expect(await token.canTransfer(from.address, to, amount)).to.equal(code === CODE.SUCCESS || code === CODE.INSUFFICIENT_BALANCE);
  const before = [await token.balanceOf(from.address), await token.balanceOf(to), await token.investorCount()];
  const [error, args] = refusalError(code, await refusalContext(token, from.address, to, amount));
  await expect(token.connect(from).transfer(to, amount)).to.be.revertedWithCustomError(token, error).withArgs(...args);
  expect([await token.balanceOf(from.address), await token.balanceOf(to), await token.investorCount()]).to.deep.equal(before);
}

/** The mint view says `code` and the mint reverts with exactly that code's error. */
export async function expectMintRestricted(agentToken: SecurityToken, to: string, amount: bigint, code: number) {
  expect(await agentToken.detectMintRestriction(to, amount)).to.equal(code);
  const supply = await agentToken.totalSupply();
  const [error, args] = refusalError(code, { from: ethers.ZeroAddress, to, value: amount, balance: 0n, frozen: 0n });
  await expect(agentToken.mint(to, amount)).to.be.revertedWithCustomError(agentToken, error).withArgs(...args);
  expect(await agentToken.totalSupply()).to.equal(supply);
}
