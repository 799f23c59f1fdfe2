import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../server/src/app.ts";
import { connectChain } from "../../../server/src/chain/chain.ts";
import { loadConfig } from "../../../server/src/config/config.ts";
import { openDatabase } from "../../../server/src/db/database.ts";
import { migrate } from "../../../server/src/db/migrate.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";

// What the server tells the web console and which of its files it serves; no database is involved, so PGlite only.
describe("the web console's routes: /config.json, the dev wallet's chunk and the verification page", () => {
  let platform: TestPlatform;
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), "folio-web-dist-"));
  const servers: { close(): void }[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ name: "PGlite", open: async () => { const db = await openDatabase({ memory: true }); await migrate(db); return db; } });
    fs.mkdirSync(path.join(webDist, "assets"));
    fs.writeFileSync(path.join(webDist, "index.html"), "<!doctype html><title>Folio</title>");
    fs.writeFileSync(path.join(webDist, "verify.html"), "<!doctype html><title>Folio · certificate verification</title>");
    fs.writeFileSync(path.join(webDist, "assets/dev-wallet-AbC123.js"), "export const devWallet = 1;");
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await platform?.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  async function serve(env: Record<string, string>) {
    const config = loadConfig({
      NODE_ENV: "test", LOG_LEVEL: "silent", FOLIO_RPC_URL: platform.config.rpcUrl, FOLIO_DEPLOYMENTS_DIR: platform.deploymentsDir,
      FOLIO_DATA_DIR: platform.config.dataDir, FOLIO_AGENT_KEY: platform.config.agentKey.reveal(), FOLIO_WEB_DIST: webDist, ...env,
    });
    const { app } = createApp({ config, logger: createLogger("silent"), db: platform.db, chain: await connectChain(config) });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it("offers the dev wallet and the local RPC URL on the local chain, and serves its chunk", async () => {
    const origin = await serve({ NODE_ENV: "development" });
    expect(await (await fetch(`${origin}/config.json`)).json()).toEqual({ chainId: 31337, rpcUrl: platform.config.rpcUrl, devWallet: true });
    expect((await fetch(`${origin}/assets/dev-wallet-AbC123.js`)).status).toBe(200);
  });

  it("in production offers neither, and answers 404 for the dev wallet's chunk", async () => {
    const origin = await serve({ NODE_ENV: "production", FOLIO_PUBLIC_URL: "https://folio.example", FOLIO_MASTER_KEY: "11".repeat(32) });
    expect(await (await fetch(`${origin}/config.json`)).json()).toEqual({ chainId: 31337, rpcUrl: null, devWallet: false });
    expect((await fetch(`${origin}/assets/dev-wallet-AbC123.js`)).status).toBe(404);
    expect((await fetch(`${origin}/`)).status).toBe(200);
  });

  it("serves the verification page's own HTML for /verify/*, and the console's for its other paths", async () => {
    const origin = await serve({ NODE_ENV: "development" });
    const page = async (p: string) => { const r = await fetch(`${origin}${p}`); return `${r.status} ${await r.text()}`; };
    expect(await page(`/verify/0x5FbDB2315678afecb367f032d93F642f64180aa3/42`)).toContain("200 <!doctype html><title>Folio · certificate verification");
    expect(await page("/verify/not-a-link")).toContain("certificate verification");
    for (const p of ["/", "/artworks", "/verifying", "/issuer/tokens/0xabc"]) expect(await page(p), p).toBe("200 <!doctype html><title>Folio</title>");
  });
});
