import fs from "node:fs";
import path from "node:path";
import type { Address } from "viem";

/** What `deployments/<chainId>.json` holds: every Folio contract's address and the block it was deployed in. */
export interface Deployment {
  chainId: number;
  /** First block the indexer must read: the block of the earliest contract. */
  deploymentBlock: number;
  contracts: Record<string, { address: Address; block: number }>;
  /** Security tokens issued at deployment time (demo tokens on local chains). */
  tokens: Address[];
  /** Local deployments only: `artifactsFingerprint()` of the code that was deployed. */
  artifactsFingerprint?: string;
}

export const DEPLOYMENTS_DIR = path.resolve(__dirname, "../../deployments");

export function deploymentPath(chainId: number, dir = DEPLOYMENTS_DIR): string {
  return path.join(dir, `${chainId}.json`);
}

export function writeDeployment(deployment: Deployment, dir = DEPLOYMENTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = deploymentPath(deployment.chainId, dir);
  fs.writeFileSync(file, JSON.stringify(deployment, null, 2) + "\n");
  return file;
}

export function readDeployment(chainId: number, dir = DEPLOYMENTS_DIR): Deployment | undefined {
  const file = deploymentPath(chainId, dir);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
}
