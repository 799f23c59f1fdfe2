import { describe, expect, it } from "vitest";
import { readTransferForm, transferRequest } from "../../../web/src/investor/portfolio/transfer-form.ts";

const FROM = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const TO = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("the transfer form", () => {
  it("reads a recipient and an amount in token units into the token's smallest unit", () => {
    expect(readTransferForm({ recipient: ` ${TO.toLowerCase()} `, amount: "1,250.5", from: FROM, decimals: 6 })).toEqual({ ok: true, to: TO, amount: 1_250_500_000n });
  });

  it("asks for a recipient and an amount when both are missing", () => {
    expect(readTransferForm({ recipient: "", amount: "", from: FROM, decimals: 18 })).toEqual({
      ok: false,
      errors: { recipient: "Enter the recipient's wallet address", amount: "Enter an amount" },
    });
  });

  it("refuses a recipient that is not an address", () => {
    const form = readTransferForm({ recipient: "0x1234", amount: "1", from: FROM, decimals: 18 });
    expect(form).toEqual({ ok: false, errors: { recipient: "Enter a wallet address: 0x followed by 40 hex digits" } });
  });

  it("refuses sending to the sending wallet itself", () => {
    const form = readTransferForm({ recipient: FROM.toLowerCase(), amount: "1", from: FROM, decimals: 18 });
    expect(form.ok ? undefined : form.errors.recipient).toBe("This is the sending wallet: enter another address");
  });

  it("refuses more decimals than the token has, zero and words, without rounding", () => {
    const amount = (text: string, decimals = 2) => {
      const form = readTransferForm({ recipient: TO, amount: text, from: FROM, decimals });
      return form.ok ? form.amount : form.errors.amount;
    };
    expect(amount("1.005")).toBe("At most 2 decimals");
    expect(amount("0")).toBe("Enter an amount above zero");
    expect(amount("ten")).toBe("Enter a number, e.g. 1250.5");
    expect(amount("1.5", 0)).toBe("This token has no decimals: enter a whole number");
  });

  it("builds transfer(to, amount) on the token", () => {
    expect(transferRequest(TOKEN, TO, 5n)).toMatchObject({ address: TOKEN, functionName: "transfer", args: [TO, 5n] });
  });
});
