import type { Address } from "viem";

/** GET /deployment.json (server/src/http/deployment-route.ts): the Folio contracts on the server's chain. */
export interface PublicDeployment {
  chainId: number;
  contracts: Record<string, Address>;
  /** Each contract's deployment block; absent from a server that predates it. */
  blocks?: Record<string, number>;
}

export async function loadDeployment(fetchImpl: typeof fetch = fetch): Promise<PublicDeployment> {
  const response = await fetchImpl("/deployment.json");
  if (!response.ok) throw new Error(`The server did not answer /deployment.json (HTTP ${response.status})`);
  return (await response.json()) as PublicDeployment;
}

/** The token factory's address, or a message saying why there is none. */
export function factoryAddress(deployment: PublicDeployment): Address {
  const address = deployment.contracts.TokenFactory;
  if (!address) throw new Error(`No TokenFactory is deployed on chain ${deployment.chainId}`);
  return address;
}

/**
 * The block the contract `label` was deployed in: none of its logs (nor those of contracts it creates) come earlier,
 * so log queries start there instead of at block 0. 0 when the server does not say.
 */
export const deployedBlock = (deployment: PublicDeployment, label: string): bigint => BigInt(deployment.blocks?.[label] ?? 0);
