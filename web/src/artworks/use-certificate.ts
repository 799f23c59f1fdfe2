import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { readHistory, type HistoryEntry } from "./lib/certificate-history.ts";

/** What the chain holds of a certificate: its record, holder, royalty, and history from the collection's events. */
export interface CertificateState {
  issuer: Address;
  status: number;
  owner: Address;
  royaltyReceiver: Address;
  royaltyBps: number;
  verifiedOwnersOnly: boolean;
  history: HistoryEntry[];
}

export const certificateKey = (collection: string, tokenId: string | null) => ["artwork-certificate", collection, tokenId] as const;

/** The certificate of a minted artwork, read with wagmi's public client; `refresh` after a transaction. */
export function useCertificate(collection: Address, tokenId: bigint | null, mintedBlock: number | null) {
  const client = usePublicClient();
  const queryClient = useQueryClient();
  const id = tokenId?.toString() ?? null;
  const query = useQuery({
    queryKey: certificateKey(collection, id),
    enabled: !!client && tokenId !== null,
    refetchInterval: 5_000,
    queryFn: async (): Promise<CertificateState> => {
      const read = <T>(functionName: string, args: readonly unknown[] = []) =>
        client!.readContract({ address: collection, abi: artworkCertificateAbi, functionName, args } as Parameters<NonNullable<typeof client>["readContract"]>[0]) as Promise<T>;
      const [record, owner, verifiedOwnersOnly, history] = await Promise.all([
        read<{ issuer: Address; status: number; royaltyReceiver: Address; royaltyBps: number }>("certificate", [tokenId]),
        read<Address>("ownerOf", [tokenId]),
        read<boolean>("verifiedOwnersOnly"),
        readHistory(client!, collection, tokenId!, BigInt(mintedBlock ?? 0)),
      ]);
      return { issuer: record.issuer, status: Number(record.status), owner, royaltyReceiver: record.royaltyReceiver, royaltyBps: Number(record.royaltyBps), verifiedOwnersOnly, history };
    },
  });
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: certificateKey(collection, id) }), [queryClient, collection, id]);
  return { ...query, refresh };
}
