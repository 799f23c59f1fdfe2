import fs from "node:fs";
import path from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { FolioError } from "../errors.ts";

const address = z.string().refine((v) => isAddress(v), "must be an address").transform((v) => getAddress(v) as Address);

const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  deploymentBlock: z.number().int().nonnegative(),
  contracts: z.record(z.string(), z.object({ address, block: z.number().int().nonnegative() })),
  tokens: z.array(address),
});

/** `deployments/<chainId>.json`, written by scripts/deploy.ts. */
export type Deployment = z.infer<typeof deploymentSchema>;

export function loadDeployment(deploymentsDir: string, chainId: number): Deployment {
  const file = path.join(deploymentsDir, `${chainId}.json`);
  if (!fs.existsSync(file)) {
    throw new FolioError("DEPLOYMENT_MISSING", `No Folio deployment for chain ${chainId} at ${file}`, {
      hint: "Deploy first: npx hardhat run scripts/deploy.ts --network <name>",
    });
  }
  const parsed = deploymentSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success || parsed.data.chainId !== chainId) {
    throw new FolioError("DEPLOYMENT_INVALID", `Deployment file ${file} is malformed or for another chain`);
  }
  return parsed.data;
}
