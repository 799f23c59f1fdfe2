import fs from "node:fs";
import path from "node:path";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { VerifyPage } from "../../../web/src/verify/VerifyPage.tsx";
import { splitVerifyPath } from "../../../web/src/verify/token-id.ts";

const COLLECTION = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const TOKEN_ID = `0x${"ab".repeat(32)}`;

describe("the verification page's first paint", () => {
  it("is written in web/verify.html exactly as VerifyPage renders while the certificate loads", () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, "../../../web/verify.html"), "utf8");
    const root = /<div id="root">(.*)<\/div>\s*$/m.exec(html)?.[1];
    const rendered = renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <VerifyPage collection={COLLECTION} tokenId={TOKEN_ID} />
      </QueryClientProvider>,
    );
    expect(rendered).toContain("Checking the certificate…");
    expect(root).toBe(rendered);
  });

  it("reads the collection and the token id from the page's path, as written", () => {
    expect(splitVerifyPath(`/verify/${COLLECTION}/${TOKEN_ID}`)).toEqual({ collection: COLLECTION, tokenId: TOKEN_ID });
    expect(splitVerifyPath(`/verify/${COLLECTION}/42/`)).toEqual({ collection: COLLECTION, tokenId: "42" });
    expect(splitVerifyPath(`/verify/${COLLECTION}`)).toEqual({ collection: "", tokenId: "" });
    expect(splitVerifyPath(`/verify/${COLLECTION}/42/extra`)).toEqual({ collection: "", tokenId: "" });
  });
});
