import express, { type Response } from "express";
import type { ArtworkRegistry } from "../artworks/artwork-registry.ts";
import type { Logger } from "../logger.ts";

/** Content never changes at these URLs (the name is its hash): browsers and caches may keep it for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";

function sendPublic(res: Response, contentType: string, body: Buffer | string, etag: string) {
  res.set({
    "content-type": contentType,
    "cache-control": IMMUTABLE,
    etag: `"${etag}"`,
    // Public, hash-named content: any site (a marketplace, a verifier) may read it; nothing in it is personal.
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cross-origin-resource-policy": "cross-origin",
  });
  res.status(200).send(body);
}

const notFound = (res: Response) => void res.status(404).set("cache-control", "no-store").json({ errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] });

/**
 * The stable public URLs of registered artworks (what certificates' metadata and tokenURI CIDs point at):
 * - `GET /artworks/metadata/<cid>.json`: the canonical metadata, byte for byte (so a browser can hash it and compare
 *   with the certificate's on-chain hash);
 * - `GET /artworks/images/<sha256>` and `GET /artworks/thumbnails/<sha256>`: stored images (EXIF-free) and their
 *   thumbnails, only when a registered artwork uses them.
 * Anything else, including files of refused uploads, answers 404.
 */
export function artworkRoutes(options: { artworks: ArtworkRegistry; logger: Logger }) {
  const { artworks, logger } = options;
  const router = express.Router();
  const guard = (handler: (req: express.Request, res: Response) => Promise<void>) => (req: express.Request, res: Response) => {
    handler(req, res).catch((error) => {
      logger.error({ msg: "artwork route failed", path: req.path, err: error });
      if (!res.headersSent) res.status(500).json({ errors: [{ message: "Internal error", extensions: { code: "INTERNAL" } }] });
    });
  };

  router.get("/artworks/metadata/:file", guard(async (req, res) => {
    const match = /^([a-z2-7]{20,100})\.json$/.exec(String(req.params.file));
    const json = match ? await artworks.metadataByCid(match[1]!) : null;
    if (!json) return notFound(res);
    sendPublic(res, "application/json; charset=utf-8", Buffer.from(json, "utf8"), match![1]!);
  }));

  for (const kind of ["image", "thumbnail"] as const) {
    router.get(`/artworks/${kind}s/:sha256`, guard(async (req, res) => {
      const file = await artworks.publicFile(kind, String(req.params.sha256));
      if (!file) return notFound(res);
      sendPublic(res, file.mime, file.data, String(req.params.sha256));
    }));
  }
  return router;
}
