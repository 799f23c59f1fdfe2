import { encodeAbiParameters, encodeEventTopics, stringToHex, zeroAddress, type Hex, type Log } from "viem";
import { describe, expect, it } from "vitest";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { historyFromLogs } from "../../../web/src/artworks/lib/certificate-history.ts";

const COLLECTION = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const HOUSE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const BUYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const ID = 0xabcdefn;
const HASH = `0x${"11".repeat(32)}` as Hex;

/** A log of the collection as the node returns it. */
function log(eventName: string, args: Record<string, unknown>, data: { types: { type: string }[]; values: unknown[] }, block: bigint, index: number): Log {
  const topics = encodeEventTopics({ abi: artworkCertificateAbi, eventName, args } as Parameters<typeof encodeEventTopics>[0]);
  return {
    address: COLLECTION, topics: topics as [Hex, ...Hex[]], data: encodeAbiParameters(data.types, data.values), blockNumber: block, logIndex: index,
    transactionHash: `0x${block.toString(16).padStart(64, "0")}`, blockHash: HASH, transactionIndex: 0, removed: false,
  } as Log;
}

describe("a certificate's history read from its collection's events", () => {
  it("puts mint, provenance, sale and transfer in chain order, and leaves other certificates out", () => {
    const logs = [
      log("Transfer", { from: HOUSE, to: BUYER, tokenId: ID }, { types: [], values: [] }, 12n, 0),
      log("SaleRecorded", { tokenId: ID, recordedBy: HOUSE }, { types: [{ type: "uint32" }, { type: "uint256" }, { type: "bytes3" }, { type: "bytes16" }, { type: "bytes32" }], values: [20261130, 125_000_050n, stringToHex("EUR", { size: 3 }), stringToHex("42A", { size: 16 }), HASH] }, 11n, 0),
      log("ProvenanceRecorded", { tokenId: ID, kind: 3, recordedBy: HOUSE }, { types: [{ type: "uint32" }, { type: "bytes32" }], values: [20261101, HASH] }, 10n, 1),
      log("ProvenanceRecorded", { tokenId: ID + 1n, kind: 1, recordedBy: HOUSE }, { types: [{ type: "uint32" }, { type: "bytes32" }], values: [20261101, HASH] }, 10n, 2),
      log("Transfer", { from: zeroAddress, to: HOUSE, tokenId: ID }, { types: [], values: [] }, 9n, 1),
      log("CertificateIssued", { tokenId: ID, issuer: HOUSE, owner: HOUSE }, { types: [{ type: "bytes32" }, { type: "address" }, { type: "uint16" }], values: [HASH, zeroAddress, 0] }, 9n, 0),
    ];
    const history = historyFromLogs(logs, ID);
    expect(history.map((e) => e.type)).toEqual(["issued", "provenance", "sale", "transfer"]);
    expect(history[1]).toMatchObject({ kind: 3, date: 20261101, documentHash: HASH });
    expect(history[2]).toMatchObject({ price: 125_000_050n, currency: "EUR", lot: "42A" });
    expect(history[3]).toMatchObject({ from: HOUSE, to: BUYER });
  });
});
