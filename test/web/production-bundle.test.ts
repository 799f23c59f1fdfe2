import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../../web/dist");
const built = fs.existsSync(path.join(dist, "index.html"));
const MNEMONIC = "test test test test test test test test test test test junk";

// `npm run build` runs before the tests (npm test); run it first when calling vitest directly.
describe.runIf(built)("the built console", () => {
  const assets = fs.readdirSync(path.join(dist, "assets"));
  const read = (name: string) => fs.readFileSync(path.join(dist, "assets", name), "utf8");
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");

  it("keeps the dev wallet's keys out of every chunk a page loads up front", () => {
    const devChunks = assets.filter((a) => a.startsWith("dev-wallet-"));
    expect(devChunks).toHaveLength(1);
    expect(read(devChunks[0]!)).toContain(MNEMONIC);
    for (const asset of assets.filter((a) => a.endsWith(".js") && !devChunks.includes(a))) expect(read(asset)).not.toContain(MNEMONIC);
    expect(html).not.toContain("dev-wallet");
  });
});
