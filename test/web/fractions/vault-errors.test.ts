import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { fractionVaultAbi } from "../../../deployments/abi/index.ts";
import { describeTransactionError, folioErrorsAbi } from "../../../web/src/tx/describe-error.ts";

const wallet = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;

/** A revert as a simulation reports it when the call's ABI does not know the error (it came from the vault). */
function bubbled(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi: fractionVaultAbi, errorName, args } as never);
  return new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: [], data, functionName: "safeTransferFrom" }), { abi: [], functionName: "safeTransferFrom", args: [] });
}

describe("the vault's refusals in words", () => {
  it("knows every error of the vault", () => {
    const names = fractionVaultAbi.filter((i) => i.type === "error").map((i) => i.name);
    for (const name of names) expect(folioErrorsAbi.some((e) => e.name === name), name).toBe(true);
  });

  it("decodes a vault error bubbled through the certificate's safeTransferFrom", () => {
    expect(describeTransactionError(bubbled("FractionVaultNotCurator", [wallet]))).toBe(
      `${wallet} is not a curator of the fraction vault: the platform owner allows the auction houses and galleries that may lock certificates`,
    );
  });

  it("puts prices in the cash token's units", () => {
    expect(describeTransactionError(bubbled("FractionVaultPriceBelowReserve", [4_000_000n, 5_000_000n]), 6)).toBe(
      "The price of 4 per share is below the terms' reserve price of 5 per share",
    );
    expect(describeTransactionError(bubbled("FractionVaultThresholdNotReached", [1n, 300n, 500n]))).toBe(
      "Only 300 of the 500 shares needed have been tendered: shares are redeemed only past the threshold",
    );
    expect(describeTransactionError(bubbled("FractionVaultWrongStatus", [1n, 3]))).toBe("Vault 1 is released: its certificate went to the buyer");
  });
});
