import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../../web/dist");
const built = fs.existsSync(path.join(dist, "index.html"));

// `npm run build` runs before the tests (npm test); run it first when calling vitest directly.
describe.runIf(built)("the built console's cap table tab", () => {
  const assets = fs.readdirSync(path.join(dist, "assets"));
  const read = (name: string) => fs.readFileSync(path.join(dist, "assets", name), "utf8");
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const upFront = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);

  it("keeps recharts in the tab's own chunk, loaded when the tab opens, never with the first page", () => {
    const tab = assets.filter((a) => a.startsWith("CapTablePanel-") && a.endsWith(".js"));
    expect(tab).toHaveLength(1);
    // recharts' own class names mark its code.
    expect(read(tab[0]!)).toContain("recharts-wrapper");
    expect(upFront.length).toBeGreaterThan(0);
    for (const asset of upFront) expect(read(asset), asset).not.toContain("recharts-wrapper");
  });
});
