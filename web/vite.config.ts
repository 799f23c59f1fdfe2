import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The server serves web/dist; in `vite dev` the API is proxied to a running server.
// Two pages: the console (index.html) and the public certificate verification page (verify.html), which a visitor
// from a QR label opens without the console's wallet, router and shell.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: path.join(import.meta.dirname, "index.html"), verify: path.join(import.meta.dirname, "verify.html") },
    },
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:4000", "/config.json": "http://127.0.0.1:4000" } },
});
