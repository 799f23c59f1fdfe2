import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../support/platform.ts";

describeEachDatabase("server foundation", (kind) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(kind);
  });
  afterAll(() => platform?.close());

  it("reads the deployed token's metadata from the chain", async () => {
    const result = await platform.gql(`{ tokens { address name symbol decimals totalSupply } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.tokens).toHaveLength(1);
    expect(result.data.tokens[0]).toMatchObject({ name: "Folio Demo Share", symbol: "FDS", decimals: 18 });
    expect(BigInt(result.data.tokens[0].totalSupply)).toBeGreaterThan(0n);
  });

  it("answers transferRestriction from the zero address as a mint: the recipient's eligibility, not a missing sender", async () => {
    const { tokens } = (await platform.gql(`{ tokens { address } }`)).data;
    const ask = async (to: string) =>
      (await platform.gql(`query($t: Address!, $to: Address!) { transferRestriction(token: $t, from: "0x0000000000000000000000000000000000000000", to: $to, amount: "1") { code message allowed } }`,
        { t: tokens[0].address, to })).data.transferRestriction;
    // Dev account #0 is the demo token's verified treasury investor; #5 has no KYC.
    expect(await ask("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")).toEqual({ code: 0, message: expect.any(String), allowed: true });
    const refused = await ask("0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc");
    expect(refused.allowed).toBe(false);
    expect(refused.message).toMatch(/recipient/i);
    expect(refused.message).not.toMatch(/sender/i);
  });

  it("reports health with the chain and database it uses", async () => {
    const response = await fetchApp(platform, "/health");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: "ok", chainId: 31337, database: kind.name === "PGlite" ? "pglite" : "postgres" });
  });

  it("rejects batched requests and deep queries", async () => {
    const batch = await platform.app.yoga.fetch("http://folio.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ tokens { name } }" }, { query: "{ tokens { name } }" }]),
    });
    expect(batch.status).toBeGreaterThanOrEqual(400);
    const unknownField = await platform.gql(`{ tokenz { name } }`);
    expect(unknownField.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it("has the migrations table with every migration applied once", async () => {
    const { rows } = await platform.db.query<{ id: number }>("select id from schema_migrations order by id");
    const { migrations } = await import("../../server/src/db/migrations/index.ts");
    expect(rows.map((r) => Number(r.id))).toEqual(migrations.map((m) => m.id).sort((a, b) => a - b));
  });
});

/** Calls the express app over a real socket on an ephemeral port. */
async function fetchApp(platform: TestPlatform, path: string) {
  const server = platform.app.app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
  }
}

describe("migrations", () => {
  it("are idempotent: running them twice applies nothing the second time", async () => {
    const { openDatabase } = await import("../../server/src/db/database.ts");
    const { migrate } = await import("../../server/src/db/migrate.ts");
    const db = await openDatabase({ memory: true });
    expect((await migrate(db)).length).toBeGreaterThan(0);
    expect(await migrate(db)).toEqual([]);
    await db.close();
  });
});
