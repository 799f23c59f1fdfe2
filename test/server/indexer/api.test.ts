import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { DEV, indexerFixture, type IndexerFixture } from "./fixture.ts";

describeEachDatabase("token read API", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
    f = await indexerFixture(platform);
    // Past block 9 and into two digits, so ordering by number (not text) is exercised.
    await f.transferMix(12, 7);
    await platform.app.indexer.syncToHead();
  });
  afterAll(() => platform?.close());

  it("pages through every transfer newest first, each once, exactly as on chain", async () => {
    const seen: { txHash: string; logIndex: number; blockNumber: number; from: string; to: string; amount: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await platform.gql(
        `query($t: Address!, $a: String) { transfers(token: $t, first: 5, after: $a) {
          edges { node { txHash logIndex blockNumber from to amount } } pageInfo { hasNextPage endCursor } } }`, { t: f.token, a: after });
      expect(result.errors).toBeUndefined();
      seen.push(...result.data.transfers.edges.map((e: any) => e.node));
      if (!result.data.transfers.pageInfo.hasNextPage) break;
      after = result.data.transfers.pageInfo.endCursor;
    }
    const order = seen.map((t) => [t.blockNumber, t.logIndex]);
    expect(order).toEqual([...order].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]!));
    expect(seen.map((t) => `${t.txHash}:${t.logIndex}`).sort()).toEqual(await f.chainTransferKeys());
    expect(Math.max(...seen.map((t) => t.blockNumber))).toBeGreaterThanOrEqual(10);
  });

  it("lists tokens from the index with their indexed total supply and reports the indexer status", async () => {
    const result: any = await platform.gql(`{ tokens { address name symbol decimals totalSupply } indexerStatus { chainId latestIndexedBlock chainHead lag confirmations } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.tokens).toEqual([expect.objectContaining({ address: f.token, totalSupply: String(await f.totalSupply()) })]);
    const head = Number(await f.client.getBlockNumber());
    expect(result.data.indexerStatus).toEqual({ chainId: 31337, latestIndexedBlock: head, chainHead: head, lag: 0, confirmations: 0 });
    await f.rpc("anvil_mine", ["0x2"]);
    const behind: any = await platform.gql(`{ indexerStatus { lag } }`);
    expect(behind.data.indexerStatus.lag).toBe(2);
  });

  it("answers token(address) from the index and the token's views, and transferRestriction from the token itself", async () => {
    const result: any = await platform.gql(`query($t: Address!) { token(address: $t) { address symbol totalSupply paused rules { maxInvestors } documents { name } agents { address } } }`, { t: f.token });
    expect(result.errors).toBeUndefined();
    expect(result.data.token).toMatchObject({ address: f.token, totalSupply: String(await f.totalSupply()) });
    const restriction: any = await platform.gql(
      `query($t: Address!, $from: Address!, $to: Address!) { transferRestriction(token: $t, from: $from, to: $to, amount: "1") { code message allowed } }`,
      { t: f.token, from: DEV[0], to: DEV[1] });
    // A plain ERC-20 demo token has no ERC-1404 view: a clear NOT_SUPPORTED. A security token answers with its code.
    if (result.data.token.rules === null) expect(restriction.errors?.[0].extensions.code).toBe("NOT_SUPPORTED");
    else expect(restriction.data.transferRestriction).toMatchObject({ code: 0, allowed: true });
  });

  it.each([
    ["an unknown token", `{ holders(token: "0x000000000000000000000000000000000000dEaD") { atBlock } }`, "NOT_FOUND"],
    ["an unknown token(address)", `{ token(address: "0x000000000000000000000000000000000000dEaD") { name } }`, "NOT_FOUND"],
    ["a malformed address", `{ holders(token: "0x1234") { atBlock } }`, "BAD_USER_INPUT"],
    ["a negative atBlock", `query($t: Address!) { holders(token: $t, atBlock: -1) { atBlock } }`, "BAD_USER_INPUT"],
    ["an atBlock not indexed yet", `query($t: Address!) { holders(token: $t, atBlock: 999999) { atBlock } }`, "BAD_USER_INPUT"],
    ["first above 100", `query($t: Address!) { holders(token: $t, first: 101) { atBlock } }`, "BAD_USER_INPUT"],
    ["first of 0", `query($t: Address!) { transfers(token: $t, first: 0) { pageInfo { hasNextPage } } }`, "BAD_USER_INPUT"],
    ["a forged holders cursor", `query($t: Address!) { holders(token: $t, after: "Yzp4eHg") { atBlock } }`, "BAD_USER_INPUT"],
    ["a transfers cursor on holders", `query($t: Address!) { holders(token: $t, after: "YzoxMjo0") { atBlock } }`, "BAD_USER_INPUT"],
    ["a negative amount", `query($t: Address!) { transferRestriction(token: $t, from: $t, to: $t, amount: "-1") { code } }`, "BAD_USER_INPUT"],
  ])("rejects %s with a clear error and changes nothing", async (_name, query, code) => {
    const before = await platform.db.query(`select count(*)::text as n, max(last_block)::text as b from transfers, indexer_cursor`);
    const result: any = await platform.gql(query, { t: f.token });
    expect(result.data ?? null).toBeNull();
    expect(result.errors[0].extensions.code).toBe(code);
    expect(result.errors[0].message.length).toBeGreaterThan(10);
    expect((await platform.db.query(`select count(*)::text as n, max(last_block)::text as b from transfers, indexer_cursor`)).rows).toEqual(before.rows);
  });
});
