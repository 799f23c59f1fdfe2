import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Two files at a time even on a 2-CPU machine: browser and chain suites spend much of their time waiting.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "server",
          include: ["test/server/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/support/postgres-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each suite has its own databases and chain, so suites run side by side on every CPU.
          fileParallelism: true,
        },
      },
      {
        plugins: [react()],
        test: { name: "web", include: ["test/web/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], environment: "node", testTimeout: 180_000, hookTimeout: 180_000 },
      },
    ],
  },
});
