import { zeroAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { readOwnedCertificates, readVaultDetail } from "../../../web/src/fractions/chain-reads.ts";
import { deployedBlock, type PublicDeployment } from "../../../web/src/issuer/lib/deployment.ts";

const VAULT = "0x00000000000000000000000000000000000000a1";
const TOKEN = "0x00000000000000000000000000000000000000b2";
const COLLECTION = "0x00000000000000000000000000000000000000c3";
const HOLDER = "0x00000000000000000000000000000000000000d4";

/** A chain reader with no logs that keeps every getLogs query; view calls answer a vault with one share token. */
function recordingReader() {
  const queries: { address: Address; fromBlock: bigint }[] = [];
  const answers: Record<string, unknown> = {
    vaultOf: { status: 1, token: TOKEN }, buyoutOf: { buyer: zeroAddress, cash: zeroAddress },
    name: "Shares", symbol: "SHR", decimals: 0, totalSupply: 100n, sharesOwed: 0n, balanceOf: 0n,
  };
  const client = {
    getLogs: async (q: { address: Address; fromBlock: bigint }) => { queries.push({ address: q.address, fromBlock: q.fromBlock }); return []; },
    readContract: async (c: { functionName: string }) => answers[c.functionName],
  } as unknown as Parameters<typeof readVaultDetail>[0];
  return { client, queries };
}

describe("the fractions pages' log queries", () => {
  const deployment: PublicDeployment = {
    chainId: 31337,
    contracts: { FractionVault: VAULT, ArtworkCertificate: COLLECTION },
    blocks: { FractionVault: 17, ArtworkCertificate: 9 },
  };

  it("start at each contract's deployment block, or at 0 when the server does not say", () => {
    expect(deployedBlock(deployment, "FractionVault")).toBe(17n);
    expect(deployedBlock(deployment, "Unknown")).toBe(0n);
    expect(deployedBlock({ chainId: 1, contracts: {} }, "FractionVault")).toBe(0n);
  });

  it("read a vault's share transfers, tenders and redemptions from the vault's deployment block", async () => {
    const { client, queries } = recordingReader();
    await readVaultDetail(client, VAULT, 1n, { also: [HOLDER], fromBlock: deployedBlock(deployment, "FractionVault") });
    expect(queries).toEqual([{ address: TOKEN, fromBlock: 17n }, { address: VAULT, fromBlock: 17n }, { address: VAULT, fromBlock: 17n }]);
  });

  it("read the certificates sent to a wallet from their collection's deployment block", async () => {
    const { client, queries } = recordingReader();
    expect(await readOwnedCertificates(client, deployment, HOLDER)).toEqual([]);
    expect(queries).toEqual([{ address: COLLECTION, fromBlock: 9n }]);
  });
});
