import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The server serves web/dist; in `vite dev` the API is proxied to a running server.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/graphql": "http://127.0.0.1:4000", "/config.json": "http://127.0.0.1:4000" } },
});
