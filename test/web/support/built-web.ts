import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/** web/dist as `npm run build` leaves it; the bundle tests skip when it is not built. */
export const webDist = path.resolve(import.meta.dirname, "../../../web/dist");
export const webBuilt = fs.existsSync(path.join(webDist, "index.html"));

export const assetNames = () => fs.readdirSync(path.join(webDist, "assets"));
export const readAsset = (name: string) => fs.readFileSync(path.join(webDist, "assets", name), "utf8");
export const readPage = (name: string) => fs.readFileSync(path.join(webDist, name), "utf8");

/** The scripts an HTML page loads up front: its entry and the chunks Vite preloads with it. */
export const upFrontScripts = (html: string) => [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);

/** A chunk and every chunk it imports statically (what the browser loads with it). */
export function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of readAsset(entry).matchAll(/(?:^|[;}])\s*import\s*(?:[^"'`()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) staticGraph(m[1]!, seen);
  return seen;
}

/** The chunks a page loads before it can run: every up-front script and what each imports statically. */
export function pageGraph(html: string): Set<string> {
  const chunks = new Set<string>();
  for (const script of upFrontScripts(html)) staticGraph(script, chunks);
  return chunks;
}

/** Bytes over the wire when each chunk is served gzip-compressed (level 9, as a static server would precompress). */
export const gzipBytes = (chunks: Iterable<string>) =>
  [...chunks].reduce((sum, name) => sum + zlib.gzipSync(fs.readFileSync(path.join(webDist, "assets", name)), { level: 9 }).length, 0);
