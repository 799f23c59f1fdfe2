import type { Server } from "node:http";
import { formatUnits, parseUnits, type Address } from "viem";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Queryable } from "../../../server/src/db/database.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, grantPlatformRole, prepareRoleActors } from "../../support/roles.ts";
import { signIn } from "../../support/sign-in.ts";
import { DEV, indexerFixture, type IndexerFixture } from "../indexer/fixture.ts";
import { issueOtherToken, seedInvestors, type SeededInvestor } from "./cap-table-fixture.ts";

const INVESTORS = 10_000;
const CAP_TABLE = `query($token: Address!, $atBlock: Int, $recordTime: BigInt, $first: Int, $after: String) {
  capTable(token: $token, atBlock: $atBlock, recordTime: $recordTime) {
    atBlock blockTime decimals totalSupply holderCount csvPath
    topHolders(first: 5) { investorId wallet countryCode balance }
    countries { country countryCode holders balance }
    holders(first: $first, after: $after) { edges { node { investorId country countryCode balance wallets { address balance } } } pageInfo { hasNextPage endCursor } }
  } }`;

/** Statements that read a page of holders (token-index.ts), counted by the gate below. */
const isHoldersPage = (sql: string) => sql.includes("json_build_array(p.holder_key, p.balance, p.wallets)");

describeEachDatabase("the issuer's cap table with 10,000 investors", (kind) => {
  let platform: TestPlatform;
  let f: IndexerFixture;
  let server: Server;
  let base: string;
  let token: Address;
  let seeded: SeededInvestor[];
  /** The block the seeded investors arrived in, and the one before (only the chain's own holders). */
  let seedBlock: number;
  let before: number;
  const headers: Record<string, Record<string, string>> = {};
  /** When set, a holders-page statement waits for it (lets a test see what arrived before the export's end). */
  let gate: { pages: number; holdFrom: number; release: Promise<void> } | null = null;

  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    f = await indexerFixture(platform);
    token = f.token;
    await f.transfer(0, 1, 1_000n * 10n ** 18n);
    await f.transfer(0, 3, 250n * 10n ** 18n);
    // A block of its own, later in time, for the seeded investors: the record time just before it is the block before.
    const last = await f.client.getBlock();
    await f.rpc("evm_mine", [Number(last.timestamp) + 100]);
    await platform.app.indexer.syncToHead();
    const { rows } = await platform.db.query<{ last_block: string }>("select last_block::text as last_block from indexer_cursor");
    seedBlock = Number(rows[0]!.last_block);
    before = seedBlock - 1;
    seeded = await seedInvestors(platform.db, { token, block: seedBlock, count: INVESTORS });

    await grantPlatformRole(platform, ACTORS.compliance, "COMPLIANCE_OFFICER");
    await grantPlatformRole(platform, ACTORS.auditor, "AUDITOR");
    await issueOtherToken(platform, ACTORS.otherInvestor);
    for (const [name, index] of Object.entries({ owner: 0, investor: ACTORS.investor, otherIssuer: ACTORS.otherInvestor, tokenAgent: ACTORS.tokenAgent, compliance: ACTORS.compliance, auditor: ACTORS.auditor })) {
      headers[name] = (await signIn(platform, index)).headers;
    }

    // Holders-page statements go through the gate, so a test can hold the export after its first pages.
    const db = platform.db as Queryable;
    const query = db.query.bind(db);
    db.query = (async (sql: string, params?: unknown[]) => {
      if (gate && isHoldersPage(sql) && ++gate.pages > gate.holdFrom) await gate.release;
      return query(sql, params);
    }) as Queryable["query"];
    server = platform.app.app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 240_000);
  afterAll(async () => {
    server?.close();
    await platform?.close();
  });

  const chainHolders = async (block: number) => {
    const balances = await Promise.all(DEV.map((w) => f.balanceOf(w, block)));
    return balances.filter((b) => b > 0n).length;
  };

  /** The CSV rows as objects (header checked). */
  function parseCsv(text: string) {
    const [header, ...lines] = text.trimEnd().split("\n");
    expect(header).toBe("investor_id,country,wallets,balance,share_of_supply");
    return lines.map((line) => {
      const [investorId, country, wallets, balance, share] = line.split(",");
      return { investorId: investorId!, country: country!, wallets: wallets!.split(";"), balance: balance!, share: share! };
    });
  }

  it("exports every investor once, with country, wallets and balance in token units, adding up to the supply", async () => {
    const response = await fetch(`${base}/tokens/${token}/cap-table.csv`, { headers: headers.owner });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="cap-table-FDS-block-${seedBlock}.csv"`);
    expect(response.headers.get("x-folio-block")).toBe(String(seedBlock));
    const rows = parseCsv(await response.text());
    const onChain = await chainHolders(seedBlock);
    expect(rows).toHaveLength(INVESTORS + onChain);
    const byId = new Map(rows.map((r) => [r.investorId, r]));
    expect(byId.size).toBe(rows.length);
    for (const inv of seeded) {
      const row = byId.get(inv.investorId)!;
      expect(row, inv.investorId).toBeDefined();
      expect(row.balance).toBe(formatUnits(inv.balance, 18));
      expect(row.country).toBe({ 276: "DE", 250: "FR", 840: "US", 392: "JP" }[inv.country]);
      expect(row.wallets.map((w) => w.toLowerCase()).sort()).toEqual([...inv.wallets].sort());
    }
    const supply = (await f.totalSupply()) + seeded.reduce((s, i) => s + i.balance, 0n);
    expect(rows.reduce((s, r) => s + parseUnits(r.balance, 18), 0n)).toBe(supply);
    // Shares are rounded down to 9 digits: together they fall short of 1 by less than one unit per row.
    const shares = rows.reduce((s, r) => s + parseUnits(r.share, 9), 0n);
    expect(shares).toBeLessThanOrEqual(10n ** 9n);
    expect(10n ** 9n - shares).toBeLessThan(BigInt(rows.length));
    const top = byId.get(seeded[0]!.investorId)!;
    expect(top.share).toBe(formatUnits((seeded[0]!.balance * 10n ** 9n) / supply, 9).padEnd(11, "0"));
  });

  it("starts streaming before the last row is read: the first rows arrive while later pages wait", async () => {
    let release!: () => void;
    gate = { pages: 0, holdFrom: 2, release: new Promise<void>((r) => (release = r)) };
    try {
      const response = await fetch(`${base}/tokens/${token}/cap-table.csv?atBlock=${seedBlock}`, { headers: headers.owner });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = "";
      while (received.split("\n").length < 3) {
        const { value, done } = await reader.read();
        expect(done).toBe(false);
        received += decoder.decode(value, { stream: true });
      }
      // Rows are here, and the export is held at its third page: far from the 21 pages of 10,000 rows.
      expect(received.startsWith("investor_id,country,wallets,balance,share_of_supply\n0x")).toBe(true);
      expect(gate.pages).toBeLessThanOrEqual(3);
      await vi.waitFor(() => expect(gate!.pages).toBe(3), { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 100));
      expect(gate.pages).toBe(3);
      release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      expect(parseCsv(received)).toHaveLength(INVESTORS + (await chainHolders(seedBlock)));
      expect(gate.pages).toBeGreaterThan(20);
    } finally {
      release?.();
      gate = null;
    }
  });

  it("exports the cap table of an earlier block without the investors who came later", async () => {
    const response = await fetch(`${base}/tokens/${token}/cap-table.csv?atBlock=${before}`, { headers: headers.owner });
    const rows = parseCsv(await response.text());
    expect(rows).toHaveLength(await chainHolders(before));
    expect(rows.reduce((s, r) => s + parseUnits(r.balance, 18), 0n)).toBe(await f.totalSupply());
  });

  it("refuses with a clear JSON error and streams nothing: not signed in, another issuer, an investor, bad token, bad block", async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      [`/tokens/${token}/cap-table.csv`, {}, 401, "UNAUTHENTICATED"],
      [`/tokens/${token}/cap-table.csv`, { authorization: "Bearer not-a-session" }, 401, "UNAUTHENTICATED"],
      [`/tokens/${token}/cap-table.csv`, headers.otherIssuer!, 403, "FORBIDDEN"],
      [`/tokens/${token}/cap-table.csv`, headers.investor!, 403, "FORBIDDEN"],
      [`/tokens/0x1234/cap-table.csv`, headers.owner!, 400, "BAD_USER_INPUT"],
      [`/tokens/${token}/cap-table.csv?atBlock=abc`, headers.owner!, 400, "BAD_USER_INPUT"],
      [`/tokens/${token}/cap-table.csv?atBlock=-1`, headers.owner!, 400, "BAD_USER_INPUT"],
      [`/tokens/${token}/cap-table.csv?atBlock=${seedBlock + 1000}`, headers.owner!, 400, "BAD_USER_INPUT"],
      [`/tokens/${token}/cap-table.csv?atBlock=1&recordTime=1`, headers.owner!, 400, "BAD_USER_INPUT"],
      [`/tokens/${token}/cap-table.csv?recordTime=0`, headers.owner!, 400, "CAP_TABLE_DATE_TOO_EARLY"],
    ];
    for (const [path, h, status, code] of cases) {
      const response = await fetch(`${base}${path}`, { headers: h });
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("content-disposition")).toBeNull();
      const body = await response.json();
      expect(body.error).toBe(code);
      expect(body.message.length).toBeGreaterThan(5);
      expect(JSON.stringify(body)).not.toContain("investor_id");
    }
  });

  it("answers the capTable query with the supply, the top holders and the holdings per country adding up", async () => {
    const { data, errors } = await platform.gql(CAP_TABLE, { token, first: 3 }, headers.owner);
    expect(errors).toBeUndefined();
    const c = data.capTable;
    expect(c.atBlock).toBe(seedBlock);
    const supply = (await f.totalSupply()) + seeded.reduce((s, i) => s + i.balance, 0n);
    expect(BigInt(c.totalSupply)).toBe(supply);
    expect(c.holderCount).toBe(INVESTORS + (await chainHolders(seedBlock)));
    expect(c.csvPath).toBe(`/tokens/${token}/cap-table.csv?atBlock=${seedBlock}`);
    expect(c.topHolders[0]).toEqual({ investorId: seeded[0]!.investorId, wallet: null, countryCode: "DE", balance: seeded[0]!.balance.toString() });
    const balances = c.topHolders.map((h: { balance: string }) => BigInt(h.balance));
    expect(balances).toEqual([...balances].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(c.countries.reduce((s: bigint, x: { balance: string }) => s + BigInt(x.balance), 0n)).toBe(supply);
    expect(c.countries.reduce((s: number, x: { holders: number }) => s + x.holders, 0)).toBe(c.holderCount);
    const de = c.countries.find((x: { countryCode: string | null }) => x.countryCode === "DE");
    expect(de.holders).toBe(INVESTORS / 4);
    expect(c.holders.edges).toHaveLength(3);
    expect(c.holders.pageInfo.hasNextPage).toBe(true);
    for (const { node } of c.holders.edges) {
      expect(BigInt(node.balance)).toBe(node.wallets.reduce((s: bigint, w: { balance: string }) => s + BigInt(w.balance), 0n));
    }
    const next = await platform.gql(CAP_TABLE, { token, first: 3, after: c.holders.pageInfo.endCursor }, headers.owner);
    expect(next.data.capTable.holders.edges[0].node.investorId > c.holders.edges[2].node.investorId).toBe(true);
  });

  it("reads the cap table at a record time: the last block at or before it", async () => {
    const seedTime = (await f.client.getBlock({ blockNumber: BigInt(seedBlock) })).timestamp;
    const { data, errors } = await platform.gql(CAP_TABLE, { token, recordTime: String(seedTime - 1n) }, headers.owner);
    expect(errors).toBeUndefined();
    expect(data.capTable.atBlock).toBe(before);
    expect(data.capTable.holderCount).toBe(await chainHolders(before));
    expect(BigInt(data.capTable.totalSupply)).toBe(await f.totalSupply());
    expect(data.capTable.topHolders.every((h: { investorId: string | null }) => !seeded.some((s) => s.investorId === h.investorId))).toBe(true);
    // No block after the indexed range yet: a later time could still belong to a block to come.
    const later = await platform.gql(CAP_TABLE, { token, recordTime: String(seedTime + 1000n) }, headers.owner);
    expect(later.errors?.[0].extensions.code).toBe("CAP_TABLE_DATE_NOT_INDEXED");
  });

  it("is for the token's owner and agents, compliance officers and auditors only", async () => {
    const read = async (h: Record<string, string>) => (await platform.gql(`query($t: Address!) { capTable(token: $t) { atBlock } }`, { t: token }, h));
    for (const who of ["owner", "tokenAgent", "compliance", "auditor"]) {
      expect((await read(headers[who]!)).data?.capTable.atBlock, who).toBe(seedBlock);
    }
    expect((await read({})).errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect((await read(headers.investor!)).errors?.[0].extensions.code).toBe("FORBIDDEN");
    expect((await read(headers.otherIssuer!)).errors?.[0].extensions.code).toBe("FORBIDDEN");
    const bad = await platform.gql(`query($t: Address!) { capTable(token: $t, atBlock: -3) { atBlock } }`, { t: token }, headers.owner);
    expect(bad.errors?.[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});
