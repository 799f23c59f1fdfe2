import { encodeFunctionData, zeroAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { checkCertificateTransfer, mintCallFromServer } from "../../../web/src/artworks/lib/certificate-calls.ts";

const COLLECTION = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788";
const HOUSE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const BUYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const SHA = "ab".repeat(32);

/** A collection answering the transfer views as the contract would for one situation. */
function collection(answers: { canTransfer: boolean; code: number; verifiedOwnersOnly: boolean }) {
  const messages: Record<number, string> = { 4: "Recipient is not a verified investor", 33: "Certificate is marked stolen until the issuer recovers it" };
  const calls: string[] = [];
  const reader = {
    readContract: async ({ functionName, args }: { functionName: string; args?: readonly unknown[] }) => {
      calls.push(functionName);
      if (functionName === "canTransfer") return answers.canTransfer;
      if (functionName === "detectTransferRestriction") return answers.code;
      if (functionName === "verifiedOwnersOnly") return answers.verifiedOwnersOnly;
      if (functionName === "messageForTransferRestriction") return messages[Number(args![0])];
      throw new Error(functionName);
    },
    simulateContract: async () => ({}),
  };
  return { reader: reader as unknown as Parameters<typeof checkCertificateTransfer>[0], calls };
}

describe("the transfer pre-flight asks the collection", () => {
  it("lets an allowed transfer through after canTransfer alone", async () => {
    const { reader, calls } = collection({ canTransfer: true, code: 0, verifiedOwnersOnly: true });
    expect(await checkCertificateTransfer(reader, COLLECTION, HOUSE, BUYER, 1n)).toBeNull();
    expect(calls).toEqual(["canTransfer"]);
  });

  it("refuses a buyer who is not a verified investor in a verified-owners collection, and says what to do", async () => {
    const { reader } = collection({ canTransfer: false, code: 4, verifiedOwnersOnly: true });
    expect(await checkCertificateTransfer(reader, COLLECTION, HOUSE, BUYER, 1n)).toEqual({
      allowed: false, code: 4, reason: "Recipient is not a verified investor",
      hint: "This collection admits only verified investors of the platform as owners: the buyer must complete KYC first.",
    });
  });

  it("refuses a stolen certificate with the contract's message", async () => {
    const { reader } = collection({ canTransfer: false, code: 33, verifiedOwnersOnly: false });
    expect(await checkCertificateTransfer(reader, COLLECTION, HOUSE, BUYER, 1n)).toEqual({ allowed: false, code: 33, reason: "Certificate is marked stolen until the issuer recovers it" });
  });
});

describe("the server's mint transaction", () => {
  const data = (hash: string) => encodeFunctionData({ abi: artworkCertificateAbi, functionName: "mint", args: [HOUSE, `0x${hash}`, zeroAddress, 0] });

  it("becomes a mint call on the collection with the artwork's metadata hash", () => {
    expect(mintCallFromServer({ to: COLLECTION, data: data(SHA) }, COLLECTION, SHA)).toMatchObject({ address: COLLECTION, functionName: "mint", args: [HOUSE, `0x${SHA}`, zeroAddress, 0] });
  });

  it("is refused when it goes elsewhere or mints other metadata", () => {
    expect(() => mintCallFromServer({ to: BUYER as Address, data: data(SHA) }, COLLECTION, SHA)).toThrow(/not the collection/);
    expect(() => mintCallFromServer({ to: COLLECTION, data: data("cd".repeat(32)) }, COLLECTION, SHA)).toThrow(/does not mint this artwork's metadata hash/);
  });
});
