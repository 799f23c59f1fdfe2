import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../../web/dist");
const built = fs.existsSync(path.join(dist, "index.html"));

// `npm run build` runs before the tests (npm test); run it first when calling vitest directly.
describe.runIf(built)("the built console's chart pages", () => {
  const assets = fs.readdirSync(path.join(dist, "assets"));
  const read = (name: string) => fs.readFileSync(path.join(dist, "assets", name), "utf8");
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const upFront = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);

  /** A chunk and every chunk it imports statically (what the browser loads with it). */
  function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    for (const m of read(entry).matchAll(/(?:^|[;}])\s*import\s*(?:[^"'`()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) staticGraph(m[1]!, seen);
    return seen;
  }
  // recharts' own class names mark its code.
  const holdsRecharts = (chunks: Set<string>) => [...chunks].some((c) => read(c).includes("recharts-wrapper"));

  it("loads recharts with the cap table tab and the market page, never with the first page", () => {
    for (const prefix of ["CapTablePanel-", "MarketPage-"]) {
      const chunk = assets.filter((a) => a.startsWith(prefix) && a.endsWith(".js"));
      expect(chunk, prefix).toHaveLength(1);
      expect(holdsRecharts(staticGraph(chunk[0]!)), prefix).toBe(true);
    }
    expect(upFront.length).toBeGreaterThan(0);
    const firstPage = new Set<string>();
    for (const asset of upFront) staticGraph(asset, firstPage);
    expect(holdsRecharts(firstPage)).toBe(false);
  });
});
