import { encodeFunctionData, zeroAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { actionName, describeArguments } from "../../../web/src/issuer/lib/agent-action-queries.ts";
import {
  planForcedTransfer, planPartialFreeze, planRecovery, planWalletFreeze, reasonError, REASON_MAX,
} from "../../../web/src/issuer/lib/operations-form.ts";

const token = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address, decimals: 6, symbol: "ACME" };
const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" as Address;

describe("reasonError", () => {
  it("requires a reason of at most REASON_MAX characters, counted as characters", () => {
    expect(reasonError("  ")).toBe("Give the reason for this action: it is kept in the audit log");
    expect(reasonError("Court order 114")).toBeNull();
    expect(reasonError("é".repeat(REASON_MAX))).toBeNull();
    expect(reasonError("x".repeat(REASON_MAX + 1))).toBe(`Use at most ${REASON_MAX} characters (this reason has ${REASON_MAX + 1})`);
  });
});

describe("operation forms", () => {
  it("builds a partial freeze in the token's smallest unit, with what it does and the trimmed reason", () => {
    const plan = planPartialFreeze(token, { wallet: alice.toLowerCase(), amount: "10.5", freeze: true, reason: " Court order 114 " });
    expect(plan).toEqual({
      ok: true,
      operation: {
        call: expect.objectContaining({ address: token.address, functionName: "freezePartialTokens", args: [alice, 10_500_000n] }),
        description: `freeze 10.5 ACME of the wallet ${alice}`,
        reason: "Court order 114",
        permission: "FREEZE",
      },
    });
    const unfreeze = planPartialFreeze(token, { wallet: alice, amount: "1", freeze: false, reason: "released" });
    expect(unfreeze.ok && unfreeze.operation.call.functionName).toBe("unfreezePartialTokens");
  });

  it("builds a wallet freeze, a forced transfer and a recovery the token's ABI encodes", () => {
    const plans = [
      planWalletFreeze(token, { wallet: alice, freeze: false, reason: "cleared" }),
      planForcedTransfer(token, { from: alice, to: bob, amount: "3", reason: "estate" }),
      planRecovery(token, { lost: alice, newWallet: bob, reason: "lost key" }),
    ];
    expect(plans.map((p) => p.ok && [p.operation.call.functionName, p.operation.call.args, p.operation.permission])).toEqual([
      ["setAddressFrozen", [alice, false], "FREEZE"],
      ["forcedTransfer", [alice, bob, 3_000_000n], "FORCED_TRANSFER"],
      ["recoveryAddress", [alice, bob, zeroAddress], "RECOVERY"],
    ]);
    for (const plan of plans) expect(plan.ok && encodeFunctionData(plan.operation.call as never)).toMatch(/^0x[0-9a-f]{8}/);
  });

  it("shows every bad field's message at once and builds nothing", () => {
    expect(planWalletFreeze(token, { wallet: "alice", freeze: true, reason: "" })).toEqual({
      ok: false,
      errors: { wallet: "Enter the wallet address (0x followed by 40 hex digits)", reason: "Give the reason for this action: it is kept in the audit log" },
    });
    expect(planPartialFreeze(token, { wallet: zeroAddress, amount: "0.0000001", freeze: true, reason: "x".repeat(REASON_MAX + 1) })).toEqual({
      ok: false,
      errors: { wallet: "The zero address holds no tokens", amount: "At most 6 decimals", reason: `Use at most ${REASON_MAX} characters (this reason has ${REASON_MAX + 1})` },
    });
    expect(planForcedTransfer(token, { from: alice, to: alice.toLowerCase(), amount: "0", reason: "r" })).toEqual({
      ok: false, errors: { to: "The receiving wallet must differ from the sending wallet", amount: "Enter an amount above zero" },
    });
    expect(planRecovery(token, { lost: "", newWallet: bob, reason: "r" })).toEqual({
      ok: false, errors: { lost: "Enter the lost wallet's address (0x followed by 40 hex digits)" },
    });
    expect(planRecovery(token, { lost: bob, newWallet: bob, reason: "r" })).toEqual({ ok: false, errors: { newWallet: "The new wallet must differ from the lost wallet" } });
  });
});

describe("recorded agent actions in words", () => {
  it("names the action and shows amounts in token units", () => {
    const row = { functionName: "freezePartialTokens", arguments: [{ name: "userAddress", value: alice }, { name: "amount", value: "10500000" }] };
    expect(actionName(row)).toBe("Partial freeze");
    expect(describeArguments(row, token)).toBe(`userAddress: ${alice}; amount: 10.5 ACME`);
    expect(actionName({ functionName: "setAddressFrozen", arguments: [{ name: "userAddress", value: alice }, { name: "freeze", value: "false" }] })).toBe("Wallet unfreeze");
    expect(describeArguments({ arguments: [{ name: "lostWallet", value: alice }, { name: "investorOnchainID", value: zeroAddress }] }, token)).toBe(`lostWallet: ${alice}`);
  });
});
