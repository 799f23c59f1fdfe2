import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { securityTokenAbi, tokenFactoryAbi } from "../../../deployments/abi/index.ts";
import { describeTransactionError, issuerErrorsAbi } from "../../../web/src/tx/describe-error.ts";

const wallet = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;

/** A revert as viem's writeContract reports it: decoded with the ABI the call was made with. */
function reverted(abi: typeof issuerErrorsAbi, errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi, errorName, args } as never);
  return new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi, data, functionName: "mint" }), {
    abi,
    functionName: "mint",
    args: [],
  });
}

describe("describeTransactionError", () => {
  it("puts the token's restriction code into the token's words", () => {
    expect(describeTransactionError(reverted(issuerErrorsAbi, "SecurityTokenTransferRestricted", [13]))).toBe(
      "The token refused: Recipient's country is not allowed",
    );
  });

  it("names the missing agent permission and the factory's issuer check", () => {
    expect(describeTransactionError(reverted(issuerErrorsAbi, "SecurityTokenMissingPermission", [wallet, 1]))).toBe(
      `${wallet} is not an agent of this token with the mint permission`,
    );
    expect(describeTransactionError(reverted(issuerErrorsAbi, "TokenFactoryNotIssuer", [wallet]))).toBe(
      `${wallet} may not issue tokens: the factory's owner must allow it as an issuer first`,
    );
  });

  it("decodes raw revert data from an RPC error with the token and factory ABIs, formatting amounts", () => {
    const data = encodeErrorResult({ abi: securityTokenAbi, errorName: "ERC20InsufficientBalance", args: [wallet, 10n ** 18n, 25n * 10n ** 17n] });
    const rpc = new ContractFunctionExecutionError(
      Object.assign(new ContractFunctionRevertedError({ abi: [], functionName: "mint" }), { data: undefined, raw: data }) as never,
      { abi: [], functionName: "mint" },
    );
    Object.assign(rpc, { data });
    expect(describeTransactionError(rpc, 18)).toBe(`${wallet} holds 1, less than the 2.5 needed`);
    expect(tokenFactoryAbi.some((i) => i.type === "error" && i.name === "TokenFactoryNotIssuer")).toBe(true);
  });

  it("explains a lock-up that has already ended", () => {
    expect(describeTransactionError(reverted(issuerErrorsAbi, "SecurityTokenInvalidLockup", [1_767_225_600n]))).toBe(
      "The lock-up must end in the future (release time 2026-01-01 has passed on chain)",
    );
  });

  it("says when the user declined in the wallet", () => {
    expect(describeTransactionError(new UserRejectedRequestError(new Error("User rejected")))).toBe(
      "You declined the request in your wallet; nothing was sent",
    );
  });
});
