import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Address, type TransactionReceipt } from "viem";
import { describe, expect, it } from "vitest";
import { folioErrorsAbi } from "../../../web/src/tx/describe-error.ts";
import { mintRequest } from "../../../web/src/issuer/lib/mint-call.ts";
import { sendContractCall, type TransactionClients, type TransactionState } from "../../../web/src/tx/send-contract-call.ts";

const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const issuer = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const investor = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const hash = `0x${"12".repeat(32)}` as const;

function fakeClients(options: { simulate?: () => Promise<unknown>; status?: "success" | "reverted" } = {}) {
  const steps: string[] = [];
  const clients = {
    account: issuer,
    publicClient: {
      simulateContract: async (request: { functionName: string }) => {
        steps.push(`simulate ${request.functionName}`);
        return options.simulate ? options.simulate() : {};
      },
      waitForTransactionReceipt: async () => {
        steps.push("receipt");
        return { status: options.status ?? "success", blockNumber: 42n } as TransactionReceipt;
      },
    },
    walletClient: {
      writeContract: async () => {
        steps.push("wallet");
        return hash;
      },
    },
  } as unknown as TransactionClients;
  return { clients, steps };
}

describe("sendContractCall", () => {
  it("checks, simulates, opens the wallet and reports the block the transaction was confirmed in", async () => {
    const { clients, steps } = fakeClients();
    const states: TransactionState["status"][] = [];
    const final = await sendContractCall({ call: mintRequest(token, investor, 5n), clients, preflight: async () => ({ allowed: true }), onState: (s) => states.push(s.status) });
    expect(final).toMatchObject({ status: "confirmed", hash, block: 42n });
    expect(states).toEqual(["checking", "signing", "pending", "confirmed"]);
    expect(steps).toEqual(["simulate mint", "wallet", "receipt"]);
  });

  it("shows the token's reason and never opens the wallet when the pre-flight check refuses", async () => {
    const { clients, steps } = fakeClients();
    const final = await sendContractCall({
      call: mintRequest(token, investor, 5n),
      clients,
      preflight: async () => ({ allowed: false, code: 4, reason: "Recipient is not a verified investor" }),
      onState: () => {},
    });
    expect(final).toEqual({ status: "refused", code: 4, reason: "Recipient is not a verified investor", hint: undefined });
    expect(steps).toEqual([]);
  });

  it("decodes a simulated revert into words and never opens the wallet", async () => {
    const data = encodeErrorResult({ abi: folioErrorsAbi, errorName: "SecurityTokenMissingPermission", args: [issuer, 1] });
    const revert = new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi: folioErrorsAbi, data, functionName: "mint" }), { abi: folioErrorsAbi, functionName: "mint" });
    const { clients, steps } = fakeClients({ simulate: async () => Promise.reject(revert) });
    const final = await sendContractCall({ call: mintRequest(token, investor, 5n), clients, onState: () => {} });
    expect(final).toEqual({ status: "failed", message: `${issuer} is not an agent of this token with the mint permission`, hash: undefined });
    expect(steps).toEqual(["simulate mint"]);
  });

  it("reports a transaction that reverted on chain with its block", async () => {
    const { clients } = fakeClients({ status: "reverted" });
    expect(await sendContractCall({ call: mintRequest(token, investor, 5n), clients, onState: () => {} })).toEqual({
      status: "failed",
      hash,
      message: "The transaction reverted in block 42",
    });
  });
});
