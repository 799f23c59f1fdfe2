import type express from "express";
import type { Deployment } from "../chain/deployment.ts";

/** The public part of the deployment the web console writes to: every Folio contract's address and block on this chain. */
export interface PublicDeployment {
  chainId: number;
  contracts: Record<string, `0x${string}`>;
  /** The block each contract was deployed in (public chain data): where a browser's log queries can start. */
  blocks: Record<string, number>;
}

export function publicDeployment(deployment: Deployment): PublicDeployment {
  return {
    chainId: deployment.chainId,
    contracts: Object.fromEntries(Object.entries(deployment.contracts).map(([name, c]) => [name, c.address])),
    blocks: Object.fromEntries(Object.entries(deployment.contracts).map(([name, c]) => [name, c.block])),
  };
}

/**
 * GET /deployment.json: the addresses the console needs (the token factory, the registry), as the server loaded them,
 * with their deployment blocks.
 */
export function deploymentHandler(deployment: Deployment): express.RequestHandler {
  const body = publicDeployment(deployment);
  return (_req, res) => void res.json(body);
}
