import type { RequestHandler } from "express";
import type { GraphiQLOptions } from "graphql-yoga";

/** Where the server serves GraphiQL's assets (script, styles, editor workers, icon). */
export const GRAPHIQL_ASSETS_PATH = "/graphiql";

type Bundle = typeof import("@graphql-yoga/render-graphiql/graphiql");

/** The asset files, by name, and which export of @graphql-yoga/render-graphiql holds each. */
const ASSETS = {
  "graphiql.js": { type: "text/javascript; charset=utf-8", pick: (b: Bundle) => b.js },
  "graphiql.css": { type: "text/css; charset=utf-8", pick: (b: Bundle) => b.css },
  "editor.worker.js": { type: "text/javascript; charset=utf-8", pick: (b: Bundle) => b.editorWorkerService },
  "json.worker.js": { type: "text/javascript; charset=utf-8", pick: (b: Bundle) => b.jsonWorker },
  "graphql.worker.js": { type: "text/javascript; charset=utf-8", pick: (b: Bundle) => b.graphqlWorker },
  "favicon.ico": { type: "image/x-icon", pick: (b: Bundle) => Buffer.from(b.favicon.replace(/^data:[^,]*;base64,/, ""), "base64") },
} as const;

// The bundle is 9 MB of JavaScript: loaded on the first GraphiQL request only, never in production.
let bundle: Promise<Bundle> | undefined;
const loadBundle = () => (bundle ??= import("@graphql-yoga/render-graphiql/graphiql"));

/**
 * GraphiQL's page. Yoga's default page loads GraphiQL from a CDN (blank offline); this one loads the same GraphiQL
 * build (@graphql-yoga/render-graphiql) from this server, as separate files the browser caches.
 */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const asset = (name: keyof typeof ASSETS) => `${GRAPHIQL_ASSETS_PATH}/${name}`;
  // JSON inside a <script> element: `<` is escaped so no value can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? "Folio GraphiQL")}</title>
    <link rel="icon" href="${asset("favicon.ico")}" />
    <link rel="stylesheet" href="${asset("graphiql.css")}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script>
      const workers = { editorWorkerService: ${json(asset("editor.worker.js"))}, json: ${json(asset("json.worker.js"))}, graphql: ${json(asset("graphql.worker.js"))} };
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
    </script>
    <script src="${asset("graphiql.js")}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(document.querySelector("#root"), ${json(options)});
    </script>
  </body>
</html>
`;
}

/** Serves GraphiQL's assets from the package (mount at GRAPHIQL_ASSETS_PATH); unknown names get 404. */
export function graphiqlAssets(): RequestHandler {
  return (req, res, next) => {
    const name = req.path.replace(/^\//, "");
    if (!Object.hasOwn(ASSETS, name)) return next();
    const asset = ASSETS[name as keyof typeof ASSETS];
    loadBundle().then(
      (b) => res.type(asset.type).setHeader("cache-control", "public, max-age=86400").send(asset.pick(b)),
      next,
    );
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
