import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { statusName } from "./lib/certificate-status.ts";

/** The certificate's status as the chain holds it now (statusOf), as a coloured badge. */
export function CertificateStatusBadge({ collection, tokenId }: { collection: Address; tokenId: bigint }) {
  const client = usePublicClient();
  const status = useQuery({
    queryKey: ["artwork-status", collection, tokenId.toString()],
    enabled: !!client,
    queryFn: async () => Number(await client!.readContract({ address: collection, abi: artworkCertificateAbi, functionName: "statusOf", args: [tokenId] })),
  });
  if (status.data === undefined) return <span className="badge">Certificate minted</span>;
  return <span className={`badge badge-status-${status.data}`}>Certificate {statusName(status.data).toLowerCase()}</span>;
}
