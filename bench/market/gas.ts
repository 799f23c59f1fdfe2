// The settlement gas part of `npm run bench:market`: runs the Hardhat gas benchmark (bench/settlement-gas.ts, the one
// setup of the Settlement measurements) in its own process and reads the figures it writes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface GasFigures {
  fillGas: number;
  fillGasPlainTokens: number;
  settleGasPerTrade: number;
  cancelGas: number;
}

export function measureSettlementGas(root: string): GasFigures {
  const file = path.join(root, "bench/results/settlement-gas.json");
  const run = spawnSync("npx", ["hardhat", "run", "bench/settlement-gas.ts"], { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (run.status !== 0) throw new Error(`bench/settlement-gas.ts failed (exit ${run.status}):\n${run.stdout}`);
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as GasFigures;
  return { fillGas: report.fillGas, fillGasPlainTokens: report.fillGasPlainTokens, settleGasPerTrade: report.settleGasPerTrade, cancelGas: report.cancelGas };
}
