import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Abi, Hex } from "viem";

export interface ContractArtifact {
  contractName: string;
  sourceName: string;
  abi: Abi;
  bytecode: Hex;
}

const ROOT = path.resolve(__dirname, "../..");
/** Hardhat's artifacts folder (a separate one while `hardhat coverage` runs: see hardhat.config.ts). */
export const ARTIFACTS_DIR = process.env.FOLIO_ARTIFACTS_DIR ?? path.join(ROOT, "artifacts");

/** Folio's own compiled contracts (sources under contracts/), keyed by contract name. */
export function listFolioArtifacts(artifactsDir = ARTIFACTS_DIR): ContractArtifact[] {
  const base = path.join(artifactsDir, "contracts");
  if (!fs.existsSync(base)) throw new Error(`No compiled contracts under ${base}: run \`npm run compile\` first`);
  const found: ContractArtifact[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        found.push(JSON.parse(fs.readFileSync(full, "utf8")) as ContractArtifact);
      }
    }
  };
  walk(base);
  return found;
}

/** Reads one compiled contract by name; throws a clear error when it is not compiled. */
export function readArtifact(contractName: string, artifactsDir = ARTIFACTS_DIR): ContractArtifact {
  const match = listFolioArtifacts(artifactsDir).find((a) => a.contractName === contractName);
  if (!match) throw new Error(`Contract ${contractName} is not compiled: run \`npm run compile\``);
  return match;
}

/**
 * A fingerprint of every deployable Folio contract's bytecode: a local deployment made from other bytecode (an older
 * checkout) is stale and gets redeployed rather than half-matching the code the server now expects.
 */
export function artifactsFingerprint(artifactsDir = ARTIFACTS_DIR): string {
  const hash = createHash("sha256");
  for (const artifact of listFolioArtifacts(artifactsDir)
    .filter((a) => !a.sourceName.startsWith("contracts/mocks/"))
    .sort((a, b) => a.sourceName.localeCompare(b.sourceName) || a.contractName.localeCompare(b.contractName))) {
    hash.update(`${artifact.sourceName}:${artifact.contractName}:${artifact.bytecode}\n`);
  }
  return hash.digest("hex");
}
