import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { securityTokenAbi, tokenFactoryAbi } from "../../../deployments/abi/index.ts";
import { describeTransactionError, folioErrorsAbi } from "../../../web/src/tx/describe-error.ts";

const wallet = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;

/** A revert as viem's writeContract reports it: decoded with the ABI the call was made with. */
function reverted(abi: typeof folioErrorsAbi, errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi, errorName, args } as never);
  return new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi, data, functionName: "mint" }), {
    abi,
    functionName: "mint",
    args: [],
  });
}

describe("describeTransactionError", () => {
  it("puts the token's restriction code into the token's words", () => {
    expect(describeTransactionError(reverted(folioErrorsAbi, "SecurityTokenTransferRestricted", [13]))).toBe(
      "The token refused: Recipient's country is not allowed",
    );
  });

  it("names the missing agent permission and the factory's issuer check", () => {
    expect(describeTransactionError(reverted(folioErrorsAbi, "SecurityTokenMissingPermission", [wallet, 1]))).toBe(
      `${wallet} is not an agent of this token with the mint permission`,
    );
    expect(describeTransactionError(reverted(folioErrorsAbi, "TokenFactoryNotIssuer", [wallet]))).toBe(
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
    expect(describeTransactionError(reverted(folioErrorsAbi, "SecurityTokenInvalidLockup", [1_767_225_600n]))).toBe(
      "The lock-up must end in the future (release time 2026-01-01 has passed on chain)",
    );
  });

  it("says when the user declined in the wallet", () => {
    expect(describeTransactionError(new UserRejectedRequestError(new Error("User rejected")))).toBe(
      "You declined the request in your wallet; nothing was sent",
    );
  });
});

describe("errors of the Distributor and the Settlement in words", () => {
  it("names a closed round with its deadline and a halted market with its token", async () => {
    const { encodeErrorResult, BaseError, RawContractError } = await import("viem");
    const { distributorAbi, settlementAbi } = await import("../../../deployments/abi/index.ts");
    const closed = encodeErrorResult({ abi: distributorAbi, errorName: "DistributorClaimClosed", args: [3n, 1_800_000_000n] });
    expect(describeTransactionError(new BaseError("reverted", { cause: new RawContractError({ data: closed }) }))).toBe("Round 3 closed for claims at 2027-01-15 08:00 UTC");
    const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const halted = encodeErrorResult({ abi: settlementAbi, errorName: "SettlementTradingHalted", args: [token] });
    expect(describeTransactionError(new BaseError("reverted", { cause: new RawContractError({ data: halted }) }))).toBe(`Trading of ${token} is halted by an agent of the token`);
  });
});
