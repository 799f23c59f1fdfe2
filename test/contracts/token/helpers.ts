import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { SecurityToken } from "../../../typechain-types";

/** The view says `code`, the transfer reverts with exactly that code, and no balance moved. */
export async function expectTransferRestricted(
  token: SecurityToken,
  from: HardhatEthersSigner,
  to: string,
  amount: bigint,
  code: number,
) {
  expect(await token.detectTransferRestriction(from.address, to, amount)).to.equal(code);
  expect(await token.canTransfer(from.address, to, amount)).to.equal(code === 0);
  const before = [await token.balanceOf(from.address), await token.balanceOf(to), await token.investorCount()];
  await expect(token.connect(from).transfer(to, amount))
    .to.be.revertedWithCustomError(token, "SecurityTokenTransferRestricted")
    .withArgs(code);
  expect([await token.balanceOf(from.address), await token.balanceOf(to), await token.investorCount()]).to.deep.equal(before);
}

/** The mint view says `code` and the mint reverts with exactly that code. */
export async function expectMintRestricted(agentToken: SecurityToken, to: string, amount: bigint, code: number) {
  expect(await agentToken.detectMintRestriction(to, amount)).to.equal(code);
  const supply = await agentToken.totalSupply();
  await expect(agentToken.mint(to, amount)).to.be.revertedWithCustomError(agentToken, "SecurityTokenTransferRestricted").withArgs(code);
  expect(await agentToken.totalSupply()).to.equal(supply);
}
