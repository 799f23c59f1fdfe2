import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useConnection, usePublicClient } from "wagmi";
import { useCashToken } from "../issuer/distributions/cash-token.ts";
import { deployedBlock, loadDeployment } from "../issuer/lib/deployment.ts";
import { readOwnedCertificates, readVaultDetail, readVaults, vaultAddress } from "./chain-reads.ts";

/** Chain state moves under the page (tenders, redemptions by others): re-read every few seconds. */
const REFRESH_MS = 3_000;

/** GET /deployment.json, read once per visit. */
export function useDeployment() {
  return useQuery({ queryKey: ["deployment"], queryFn: () => loadDeployment(), staleTime: Infinity });
}

/** The platform's FractionVault address and demo cash token (null when the chain has none). */
export function usePlatform() {
  const deployment = useDeployment();
  const data = deployment.data;
  return {
    deployment,
    vault: data?.contracts.FractionVault ?? null,
    cash: (data?.contracts.CashToken as Address | undefined) ?? null,
  };
}

/** The signed-in wallet's certificates, from the chain. */
export function useOwnedCertificates() {
  const { address } = useConnection();
  const client = usePublicClient();
  const { deployment } = usePlatform();
  return useQuery({
    queryKey: ["fractions", "certificates", address],
    queryFn: () => readOwnedCertificates(client!, deployment.data!, address!),
    enabled: !!client && !!address && !!deployment.data,
    refetchInterval: REFRESH_MS,
  });
}

export function useVaults() {
  const client = usePublicClient();
  const { deployment } = usePlatform();
  return useQuery({
    queryKey: ["fractions", "vaults"],
    queryFn: () => readVaults(client!, vaultAddress(deployment.data!)),
    enabled: !!client && !!deployment.data,
    refetchInterval: REFRESH_MS,
  });
}

export function useVaultDetail(vaultId: bigint | null) {
  const client = usePublicClient();
  const { address } = useConnection();
  const { deployment, cash } = usePlatform();
  return useQuery({
    queryKey: ["fractions", "vault", vaultId?.toString(), address],
    queryFn: () => readVaultDetail(client!, vaultAddress(deployment.data!), vaultId!, { platformCash: cash, also: address ? [address] : [], fromBlock: deployedBlock(deployment.data!, "FractionVault") }),
    enabled: !!client && !!deployment.data && vaultId !== null,
    refetchInterval: REFRESH_MS,
    retry: false,
  });
}

/** A cash token's symbol and decimals (and the signed-in wallet's balance) for display. */
export function useCash(address: Address | null) {
  const { address: account } = useConnection();
  return useCashToken(address, account ?? null);
}
