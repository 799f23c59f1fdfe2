import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { encodeFunctionData, erc20Abi } from "viem";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

const ADMIN = 10;
const STUCK_AFTER_SECONDS = 1;
const NOT_ADMIN = 3;

const ENTRY = `query($id: ID!) { outboxEntry(id: $id) { id idempotencyKey purpose status sender to nonce txHash attempts blockNumber gasUsed failure { code name message } } }`;
const ENTRIES = `query($first: Int, $after: String, $status: OutboxStatus) {
  outboxEntries(first: $first, after: $after, status: $status) { edges { node { id status } cursor } pageInfo { hasNextPage endCursor } }
}`;

describeEachDatabase("outbox GraphQL queries", (kind) => {
  let platform: TestPlatform;
  let admin: Record<string, string>;
  let ids: number[];

  beforeAll(async () => {
    platform = await startTestPlatform(kind, { FOLIO_ADMIN_ADDRESSES: devAccount(ADMIN).address, FOLIO_OUTBOX_STUCK_AFTER_SECONDS: String(STUCK_AFTER_SECONDS) });
    const { outbox } = platform.app.services;
    const target = devAccount(20).address;
    const sent = await outbox.enqueue({ idempotencyKey: "gql-1", to: target, data: "0x", purpose: "test.ping" });
    const second = await outbox.enqueue({ idempotencyKey: "gql-2", to: target, data: "0x", purpose: "test.ping" });
    // The agent holds none of the demo token: a transfer reverts in simulation, decoded with deployments/abi.
    const token = JSON.parse(fs.readFileSync(path.join(platform.deploymentsDir, "31337.json"), "utf8")).tokens[0];
    const transfer = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [target, 1n] });
    const failing = await outbox.enqueue({ idempotencyKey: "gql-3", to: token, data: transfer, purpose: "test.transfer" });
    ids = [sent.id, second.id, failing.id];
    const worker = platform.app.outboxWorker;
    for (let i = 0; i < 200; i++) {
      await worker.tick().catch(() => {});
      const entries = await Promise.all(ids.map((id) => outbox.getOutboxEntry(id)));
      if (entries.every((e) => e!.status === "confirmed" || e!.status === "failed")) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await worker.close();
    admin = (await signIn(platform, ADMIN)).headers;
  });
  afterAll(() => platform?.close());

  it("shows a platform admin an entry with its nonce, hash and block", async () => {
    const result = await platform.gql(ENTRY, { id: String(ids[0]) }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.data.outboxEntry).toMatchObject({
      id: String(ids[0]), idempotencyKey: "gql-1", purpose: "test.ping", status: "CONFIRMED",
      sender: platform.app.services.outbox.sender, to: devAccount(20).address, attempts: 1, failure: null,
    });
    expect(result.data.outboxEntry.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(Number(result.data.outboxEntry.blockNumber)).toBeGreaterThan(0);
    expect((await platform.gql(ENTRY, { id: "999999" }, admin)).data.outboxEntry).toBeNull();
  });

  it("pages entries newest first and filters them by status", async () => {
    const page1 = await platform.gql(ENTRIES, { first: 2 }, admin);
    expect(page1.data.outboxEntries.edges.map((e: any) => Number(e.node.id))).toEqual([ids[2], ids[1]]);
    expect(page1.data.outboxEntries.pageInfo.hasNextPage).toBe(true);
    const page2 = await platform.gql(ENTRIES, { first: 2, after: page1.data.outboxEntries.pageInfo.endCursor }, admin);
    expect(page2.data.outboxEntries.edges.map((e: any) => Number(e.node.id))).toEqual([ids[0]]);
    expect(page2.data.outboxEntries.pageInfo.hasNextPage).toBe(false);
    const failed = await platform.gql(ENTRIES, { status: "FAILED" }, admin);
    expect(failed.data.outboxEntries.edges.map((e: any) => e.node)).toEqual([{ id: String(ids[2]), status: "FAILED" }]);
    const failure = (await platform.gql(ENTRY, { id: String(ids[2]) }, admin)).data.outboxEntry.failure;
    expect(failure.code).toBe("OUTBOX_SIMULATION_REVERTED");
    expect(failure.name).not.toBe("Unknown");
  });

  it("refuses anonymous callers and signed-in callers who are not platform admins", async () => {
    const anonymous = await platform.gql(ENTRY, { id: String(ids[0]) });
    expect(anonymous.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(anonymous.data?.outboxEntry ?? null).toBeNull();
    const other = (await signIn(platform, NOT_ADMIN)).headers;
    for (const [query, variables] of [[ENTRY, { id: String(ids[0]) }], [ENTRIES, {}]] as const) {
      const result = await platform.gql(query, variables, other);
      expect(result.errors?.[0].extensions.code).toBe("FORBIDDEN");
    }
  });

  it("rejects a malformed id, cursor or page size with BAD_USER_INPUT", async () => {
    for (const [query, variables] of [
      [ENTRY, { id: "abc" }],
      [ENTRIES, { after: "bm90LWEtY3Vyc29y" }],
      [ENTRIES, { first: 0 }],
      [ENTRIES, { first: 101 }],
    ] as const) {
      const result = await platform.gql(query, variables, admin);
      expect(result.errors?.[0].extensions.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });

  it("shows entries open longer than FOLIO_OUTBOX_STUCK_AFTER_SECONDS as stuck, in outboxEntries and in /health", async () => {
    const STUCK = `query { outboxEntries(first: 5) { edges { node { id status stuck stuckSince createdAt } } } }`;
    expect(await fetchHealth(platform)).toMatchObject({ status: 200, body: { status: "ok", outbox: { stuck: 0, oldestStuckSeconds: null, stuckAfterSeconds: 1 } } });
    const { outbox } = platform.app.services;
    const waiting = await outbox.enqueue({ idempotencyKey: "gql-stuck", to: devAccount(20).address, data: "0x", purpose: "test.ping" });
    const fresh = (await platform.gql(STUCK, {}, admin)).data.outboxEntries.edges.map((e: any) => e.node);
    expect(fresh[0]).toMatchObject({ id: String(waiting.id), status: "PENDING", stuck: false, stuckSince: null });
    // Settled entries are never stuck, however old.
    expect(fresh.slice(1).every((n: any) => n.stuck === false && n.stuckSince === null)).toBe(true);

    await new Promise((r) => setTimeout(r, STUCK_AFTER_SECONDS * 1000 + 200));
    const [node] = (await platform.gql(STUCK, {}, admin)).data.outboxEntries.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ id: String(waiting.id), stuck: true });
    expect(Date.parse(node.stuckSince) - Date.parse(node.createdAt)).toBe(STUCK_AFTER_SECONDS * 1000);
    // Reads still work while writes are late: 200, but degraded, with the count.
    const degraded = await fetchHealth(platform);
    expect(degraded).toMatchObject({ status: 200, body: { status: "degraded", outbox: { stuck: 1 } } });
    expect(degraded.body.outbox.oldestStuckSeconds).toBeGreaterThanOrEqual(STUCK_AFTER_SECONDS);

    const worker = platform.app.outboxWorker;
    for (let i = 0; i < 200 && (await outbox.getOutboxEntry(waiting.id))!.status !== "confirmed"; i++) {
      await worker.tick();
      await new Promise((r) => setTimeout(r, 25));
    }
    await worker.close();
    expect((await platform.gql(STUCK, {}, admin)).data.outboxEntries.edges[0].node).toMatchObject({ status: "CONFIRMED", stuck: false, stuckSince: null });
    expect(await fetchHealth(platform)).toMatchObject({ status: 200, body: { status: "ok", outbox: { stuck: 0 } } });
  });
});

/** GET /health over a real socket on an ephemeral port. */
async function fetchHealth(platform: TestPlatform) {
  const server = platform.app.app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
  }
}
