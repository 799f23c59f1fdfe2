import { hexToString, parseEventLogs, type Address, type Hex, type Log, type PublicClient } from "viem";
import { artworkCertificateAbi } from "../../../../deployments/abi/index.ts";

/** One line of a certificate's history, read from its collection's events. */
export type HistoryEntry = { block: bigint; logIndex: number; tx: Hex } & (
  | { type: "issued"; issuer: Address; owner: Address }
  | { type: "transfer"; from: Address; to: Address }
  | { type: "provenance"; kind: number; recordedBy: Address; date: number; documentHash: Hex }
  | { type: "sale"; recordedBy: Address; date: number; price: bigint; currency: string; lot: string; documentHash: Hex }
  | { type: "status"; previous: number; status: number; reason: number; documentHash: Hex; by: Address }
  | { type: "attestation"; attestationId: Hex; attester: Address; role: number; statementHash: Hex; signed: boolean }
  | { type: "attestation-revoked"; attestationId: Hex; attester: Address; reason: number }
);

const ZERO = "0x0000000000000000000000000000000000000000";
const text = (hex: Hex) => hexToString(hex).replace(/\0+$/, "");

/** The collection's logs of one certificate as history entries, oldest first (mint Transfer folded into "issued"). */
export function historyFromLogs(logs: Log[], tokenId: bigint): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const log of parseEventLogs({ abi: artworkCertificateAbi, logs })) {
    const at = { block: log.blockNumber, logIndex: log.logIndex, tx: log.transactionHash };
    const args = log.args as Record<string, unknown>;
    if (args.tokenId !== tokenId) continue;
    switch (log.eventName) {
      case "CertificateIssued":
        entries.push({ ...at, type: "issued", issuer: args.issuer as Address, owner: args.owner as Address });
        break;
      case "Transfer":
        if (args.from !== ZERO) entries.push({ ...at, type: "transfer", from: args.from as Address, to: args.to as Address });
        break;
      case "ProvenanceRecorded":
        entries.push({ ...at, type: "provenance", kind: Number(args.kind), recordedBy: args.recordedBy as Address, date: Number(args.date), documentHash: args.documentHash as Hex });
        break;
      case "SaleRecorded":
        entries.push({
          ...at, type: "sale", recordedBy: args.recordedBy as Address, date: Number(args.date), price: args.price as bigint,
          currency: text(args.currency as Hex), lot: text(args.lot as Hex), documentHash: args.documentHash as Hex,
        });
        break;
      case "StatusChanged":
        entries.push({ ...at, type: "status", previous: Number(args.previousStatus), status: Number(args.status), reason: Number(args.reason), documentHash: args.documentHash as Hex, by: args.by as Address });
        break;
      case "AttestationRecorded":
        entries.push({ ...at, type: "attestation", attestationId: args.attestationId as Hex, attester: args.attester as Address, role: Number(args.role), statementHash: args.statementHash as Hex, signed: Boolean(args.signed) });
        break;
      case "AttestationRevoked":
        entries.push({ ...at, type: "attestation-revoked", attestationId: args.attestationId as Hex, attester: args.attester as Address, reason: Number(args.reason) });
        break;
    }
  }
  return entries.sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1));
}

/**
 * Reads a certificate's history straight from the chain: the events of its collection from the mint's block on,
 * kept when they name this token id (the server does not index certificate events yet).
 */
export async function readHistory(client: Pick<PublicClient, "getLogs">, collection: Address, tokenId: bigint, fromBlock: bigint): Promise<HistoryEntry[]> {
  const logs = await client.getLogs({ address: collection, fromBlock, toBlock: "latest" });
  return historyFromLogs(logs as Log[], tokenId);
}
