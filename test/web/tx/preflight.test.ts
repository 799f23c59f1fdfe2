import { createPublicClient, custom, decodeFunctionData, encodeFunctionResult, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { checkMint, checkTransfer } from "../../../web/src/tx/preflight.ts";

const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const from = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;

/** A viem client whose chain answers detectMintRestriction with `code` and the token's message for it. */
function chainAnswering(code: number, calls: string[]) {
  return createPublicClient({
    transport: custom({
      async request({ method, params }) {
        if (method === "eth_chainId") return "0x7a69";
        if (method !== "eth_call") throw new Error(`unexpected ${method}`);
        const { data } = (params as [{ data: `0x${string}` }])[0];
        const call = decodeFunctionData({ abi: securityTokenAbi, data });
        calls.push(`${call.functionName}(${call.args!.join(",")})`);
        if (call.functionName === "detectMintRestriction") return encodeFunctionResult({ abi: securityTokenAbi, functionName: "detectMintRestriction", result: code });
        return encodeFunctionResult({ abi: securityTokenAbi, functionName: "messageForTransferRestriction", result: "Recipient is not a verified investor" });
      },
    }),
  });
}

describe("checkMint", () => {
  it("lets a mint the token accepts go to the wallet after one read", async () => {
    const calls: string[] = [];
    expect(await checkMint({ token, to, amount: 5n }, chainAnswering(0, calls))).toEqual({ allowed: true });
    expect(calls).toEqual([`detectMintRestriction(${to},5)`]);
  });

  it("answers a refused mint with the token's reason and what to do about it", async () => {
    const calls: string[] = [];
    expect(await checkMint({ token, to, amount: 5n }, chainAnswering(4, calls))).toEqual({
      allowed: false,
      code: 4,
      reason: "Recipient is not a verified investor",
      hint: expect.stringContaining("KYC"),
    });
    expect(calls).toEqual([`detectMintRestriction(${to},5)`, "messageForTransferRestriction(4)"]);
  });
});

describe("checkTransfer", () => {
  it("asks the server's transferRestriction with the amount in the smallest unit", async () => {
    const asked: unknown[] = [];
    const request = async <T,>(query: string, variables?: Record<string, unknown>) => {
      asked.push(variables);
      expect(query).toContain("transferRestriction(token: $token, from: $from, to: $to, amount: $amount)");
      return { transferRestriction: { code: 13, message: "Recipient's country is not allowed", allowed: false } } as T;
    };
    expect(await checkTransfer({ token, from, to, amount: 10n ** 18n }, request)).toEqual({
      allowed: false,
      code: 13,
      reason: "Recipient's country is not allowed",
      hint: "The token's country rule excludes this investor's country.",
    });
    expect(asked).toEqual([{ token, from, to, amount: "1000000000000000000" }]);
  });

  it("lets an allowed transfer through", async () => {
    const request = async <T,>() => ({ transferRestriction: { code: 0, message: "No restriction", allowed: true } }) as T;
    expect(await checkTransfer({ token, from, to, amount: 1n }, request)).toEqual({ allowed: true });
  });
});
