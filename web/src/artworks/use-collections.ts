import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";
import { artworkCertificateAbi } from "../../../deployments/abi/index.ts";
import { useSession } from "../auth/session.tsx";

export interface Collection {
  address: Address;
  name: string;
  verifiedOwnersOnly: boolean;
}

/** The certificate collections the signed-in wallet may issue on (its ARTWORK_ISSUER roles), with their names. */
export function useIssuerCollections() {
  const session = useSession();
  const client = usePublicClient();
  const addresses = (session.user?.roles ?? []).filter((r) => r.role === "ARTWORK_ISSUER" && r.token).map((r) => r.token as Address);
  return useQuery({
    queryKey: ["artwork-collections", ...addresses],
    enabled: !!client && addresses.length > 0,
    queryFn: () =>
      Promise.all(
        addresses.map(async (address): Promise<Collection> => {
          const [name, verifiedOwnersOnly] = await Promise.all([
            client!.readContract({ address, abi: artworkCertificateAbi, functionName: "name" }),
            client!.readContract({ address, abi: artworkCertificateAbi, functionName: "verifiedOwnersOnly" }),
          ]);
          return { address, name: String(name), verifiedOwnersOnly: Boolean(verifiedOwnersOnly) };
        }),
      ),
  });
}
