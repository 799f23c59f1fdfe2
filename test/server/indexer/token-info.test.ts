import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, http, parseAbi } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { DEV, indexerFixture, type IndexerFixture } from "./fixture.ts";

const tokenAbi = parseAbi([
  "function setName(string name)",
  "function setSymbol(string symbol)",
  "function mint(address to, uint256 amount)",
  "function investorCount() view returns (uint256)",
  "function totalSupply() view returns (uint256)",
]);

const TOKENS = `{ tokens { address name symbol totalSupply investorCount } }`;

describeEachDatabase("token name, symbol, supply and investor count", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  /** Sends a transaction to the demo token as dev account #0 (its owner and agent); returns the block it is in. */
  let send: (functionName: "setName" | "setSymbol" | "mint", args: readonly unknown[]) => Promise<number>;

  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    f = await indexerFixture(platform);
    const owner = createWalletClient({ account: DEV[0]!, transport: http(platform.chain.rpcUrl) });
    send = async (functionName, args) => {
      const hash = await owner.writeContract({ address: f.token, abi: tokenAbi, functionName, args: args as never, chain: null });
      const receipt = await f.client.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
      return Number(receipt.blockNumber);
    };
    await platform.app.indexer.syncToHead();
  });
  afterAll(() => platform?.close());

  const tokens = async () => {
    const result: any = await platform.gql(TOKENS);
    expect(result.errors).toBeUndefined();
    return result.data.tokens[0] as { address: string; name: string; symbol: string; totalSupply: string; investorCount: string };
  };

  it("shows the new name and symbol once the token's UpdatedTokenInformation is indexed, in tokens and token(address)", async () => {
    expect(await tokens()).toMatchObject({ name: "Folio Demo Share", symbol: "FDS" });
    await send("setName", ["Folio Renamed Share"]);
    await send("setSymbol", ["FRS"]);
    // Not indexed yet: the index still answers the name it holds.
    expect(await tokens()).toMatchObject({ name: "Folio Demo Share", symbol: "FDS" });
    await platform.app.indexer.syncToHead();
    expect(await tokens()).toMatchObject({ address: f.token, name: "Folio Renamed Share", symbol: "FRS" });
    const one: any = await platform.gql(`query($t: Address!) { token(address: $t) { name symbol } }`, { t: f.token });
    expect(one.data.token).toEqual({ name: "Folio Renamed Share", symbol: "FRS" });
  });

  it("keeps a symbol that looks like hex exactly as the token set it", async () => {
    await send("setSymbol", ["0xBEEF"]);
    await platform.app.indexer.syncToHead();
    expect((await tokens()).symbol).toBe("0xBEEF");
  });

  it("takes the name back when a reorganisation drops the rename", async () => {
    await platform.app.indexer.syncToHead();
    const before = await tokens();
    const snapshot = await f.rpc<string>("evm_snapshot");
    await send("setName", ["Short-Lived Name"]);
    await platform.app.indexer.syncToHead();
    expect((await tokens()).name).toBe("Short-Lived Name");
    expect(await f.rpc("evm_revert", [snapshot])).toBe(true);
    await f.rpc("anvil_mine", ["0x3"]);
    await platform.app.indexer.syncToHead();
    expect(await tokens()).toMatchObject({ name: before.name, symbol: before.symbol });
  });

  it("answers totalSupply and investorCount from the same block: the latest indexed one, even when the chain is ahead", async () => {
    const investorCountAt = async (block?: number) =>
      f.client.readContract({ address: f.token, abi: tokenAbi, functionName: "investorCount", ...(block === undefined ? {} : { blockNumber: BigInt(block) }) });
    // Two new investors, one mint each; the index stops between the two mints.
    const [first, second] = [DEV[3]!, DEV[4]!];
    expect([await f.balanceOf(first), await f.balanceOf(second)]).toEqual([0n, 0n]);
    const indexedBlock = await send("mint", [first, 10n ** 18n]);
    await platform.app.indexer.syncToHead();
    await send("mint", [second, 5n * 10n ** 18n]);
    expect(await investorCountAt()).toBe((await investorCountAt(indexedBlock)) + 1n);

    const token = await tokens();
    const supplyAt = await f.client.readContract({ address: f.token, abi: tokenAbi, functionName: "totalSupply", blockNumber: BigInt(indexedBlock) });
    expect(token.totalSupply).toBe(String(supplyAt));
    expect(token.investorCount).toBe(String(await investorCountAt(indexedBlock)));

    // Once the index reaches the second mint, both move together.
    await platform.app.indexer.syncToHead();
    const after = await tokens();
    expect(after.totalSupply).toBe(String(await f.totalSupply()));
    expect(after.investorCount).toBe(String(await investorCountAt()));
  });
});
