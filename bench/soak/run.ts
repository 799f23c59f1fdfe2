// `npm run bench:soak`: FOLIO_SOAK_SECONDS (600 by default) of mixed GraphQL traffic at a fixed rate over loopback
// against the Folio server in a process of its own (server/src/main.ts on anvil and a throw-away PostgreSQL, set up
// by bench/market/platform.ts): public and signed-in reads, KYC onboarding with officer approvals written to the
// registry through the outbox, signed orders (resting, cancelled, and crossing ones whose trades settle on chain).
// The server's heap is read after a forced full collection (server/src/heap-probe.ts) at the end of every minute.
// Prints a table per operation and writes bench/results/soak.json. Not run in CI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OFFICER } from "../../test/server/kyc/kyc-fixture.ts";
import { BUYER, SELLER, TOKEN_OWNER } from "../../test/server/market/market-fixture.ts";
import { ACTORS, grantPlatformRole } from "../../test/support/roles.ts";
import { devAccount } from "../../test/support/sign-in.ts";
import { startLiveMarket } from "../market/platform.ts";
import { createSoakClient } from "./client.ts";
import { kycStream } from "./kyc-stream.ts";
import { marketStreams } from "./market-streams.ts";
import { READS, readStream } from "./reads.ts";
import { createRecorder } from "./recorder.ts";
import { runSchedule } from "./schedule.ts";
import { createSoakContext } from "./soak-context.ts";
import { waitForSettlement } from "./settlement-check.ts";

const SECONDS = Number(process.env.FOLIO_SOAK_SECONDS ?? 600);
/** Starts per stream: 14 reads a second, one resting order and one cancel a second, a crossing pair every 2 s, an onboarding every 5 s. */
const RATES = { readEveryMs: 1000 / 14, restEveryMs: 1000, cancelEveryMs: 1000, crossEveryMs: 2000, kycEveryMs: 5000 };
const MAX_IN_FLIGHT = 200;
const ROOT = path.resolve(import.meta.dirname, "../..");
const OUT = path.join(ROOT, "bench/results/soak.json");
const MB = 1024 * 1024;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const started = Date.now();
const log = (line: string) => console.log(`  ${line} (at ${Math.round((Date.now() - started) / 1000)} s)`);

console.log("Folio soak");
log("starting anvil, a throw-away PostgreSQL and the server in its own process");
const live = await startLiveMarket({ server: "process", nodeArgs: ["--expose-gc"], env: { FOLIO_ADMIN_ADDRESSES: devAccount(ACTORS.admin).address } });
try {
  const server = live.server!;
  await grantPlatformRole(live.f.platform, OFFICER, "COMPLIANCE_OFFICER");
  const recorder = createRecorder();
  const ctx = createSoakContext(createSoakClient(live.graphqlUrl, recorder), live.f, live.graphqlUrl);
  // The standing actors sign in once (SIWE over HTTP, counted like every other request); applicants sign in as they come.
  for (const index of [BUYER, SELLER, TOKEN_OWNER, OFFICER]) await ctx.as(index);
  const streams = [
    readStream(ctx, RATES.readEveryMs),
    ...(await marketStreams(ctx, live, { restEveryMs: RATES.restEveryMs, cancelEveryMs: RATES.cancelEveryMs, crossEveryMs: RATES.crossEveryMs })),
    kycStream(ctx, RATES.kycEveryMs),
  ];

  const heapAtStartMB = round((await server.heapAfterGc()) / MB);
  const loadAverageAtStart = os.loadavg()[0]!;
  log(`server heap after GC before the load: ${heapAtStartMB} MB; ${SECONDS} s of load, load average ${loadAverageAtStart.toFixed(2)}`);
  const loadAverages: number[] = [];
  const heapByMinuteMB: number[] = [];
  const sampleHeap = async () => {
    heapByMinuteMB.push(round((await server.heapAfterGc()) / MB));
    loadAverages.push(os.loadavg()[0]!);
    const { requests, errors } = recorder.totals();
    log(`minute ${heapByMinuteMB.length}: heap ${heapByMinuteMB.at(-1)} MB after GC, ${requests} requests, ${errors} errors, load average ${loadAverages.at(-1)!.toFixed(2)}`);
  };
  // The end of each whole minute under load; a run shorter than a minute (or not a whole number of them) is sampled at its end too.
  const minutes = Math.floor(SECONDS / 60);
  const sampling: Promise<void>[] = [];
  const timers = Array.from({ length: minutes }, (_, i) => setTimeout(() => sampling.push(sampleHeap()), (i + 1) * 60_000));
  const flowErrors: string[] = [];
  const schedule = await runSchedule(streams, {
    seconds: SECONDS, maxInFlight: MAX_IN_FLIGHT,
    onError: (stream, error) => flowErrors.length < 10 && flowErrors.push(`${stream}: ${String(error).slice(0, 300)}`),
  });
  // The last minute's timer may not have fired yet when the load ends with it: that sample is taken now.
  timers.forEach(clearTimeout);
  await Promise.all(sampling);
  while (heapByMinuteMB.length < Math.max(1, minutes) || (SECONDS % 60 !== 0 && heapByMinuteMB.length === minutes)) await sampleHeap();
  log(`load finished: ${schedule.started} jobs started, ${schedule.refused} refused (in flight ≥ ${MAX_IN_FLIGHT}), at most ${schedule.maxInFlight} in flight`);

  const settlement = await waitForSettlement(live.f.platform.db, 120_000);
  log(`after the load: ${JSON.stringify(settlement)}`);

  const perOperation = recorder.figures();
  const { requests, errors } = recorder.totals();
  const heapFirstMinuteMB = heapByMinuteMB[0]!;
  const heapLastMinuteMB = heapByMinuteMB.at(-1)!;
  const heapGrowthPct = round((100 * (heapLastMinuteMB - heapFirstMinuteMB)) / heapFirstMinuteMB);
  const errorRate = requests ? errors / requests : 0;
  console.table(Object.entries(perOperation).map(([op, r]) => ({ op, ...r })));
  console.log(`requests ${requests}, errors ${errors} (rate ${errorRate}), heap after GC by minute (MB): ${heapByMinuteMB.join(", ")}`);
  console.log(`heap growth, last minute against the first: ${heapGrowthPct} % (target ≤ 10 %); error rate target 0`);
  const warnings = server.warnings();
  if (warnings.count) console.log(`server warnings and errors: ${warnings.count}; latest:\n${warnings.latest.slice(-10).join("\n")}`);
  const samples = recorder.errorSamples();
  if (Object.keys(samples).length) console.log(`error answers (first few per operation): ${JSON.stringify(samples, null, 2)}`);
  if (flowErrors.length) console.log(`flows stopped by an error: ${flowErrors.join("\n")}`);

  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify({
    durationSeconds: SECONDS,
    requests,
    errors,
    errorRate,
    heapFirstMinuteMB,
    heapLastMinuteMB,
    heapGrowthPct,
    heapAtStartMB,
    heapByMinuteMB,
    perOperation,
    settlement,
    schedule,
    serverWarnings: warnings.count,
    conditions:
      `open-loop fixed rate over loopback HTTP (keep-alive): ${round(1000 / RATES.readEveryMs)} reads/s, in turn over ${READS.length} read operations (public and signed in), ` +
      `a resting one-lot order ${1000 / RATES.restEveryMs}/s (bids and asks far apart, the oldest cancelled at ${1000 / RATES.cancelEveryMs}/s once 20 rest), ` +
      `a crossing pair every ${RATES.crossEveryMs / 1000} s (trade settled on anvil through the outbox), a KYC onboarding every ${RATES.kycEveryMs / 1000} s ` +
      `(SIWE sign-in of a new wallet, save, document upload, submit, officer queue read, open and approval written to the registry through the outbox). ` +
      `The server (server/src/main.ts, one process, node --expose-gc) runs in its own process on PostgreSQL (throw-away cluster, fsync off); the load generator, ` +
      `anvil and PostgreSQL share the machine. Heap: the server's heapUsed after a forced full GC (SIGUSR2, server/src/heap-probe.ts) at the end of each minute.`,
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverageAtStart: round(loadAverageAtStart, 2),
      loadAverageByMinute: loadAverages.map((l) => round(l, 2)),
      loadAverage: os.loadavg().map((l) => round(l, 2)),
      node: process.version,
    },
  }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(ROOT, OUT)}`);
} finally {
  await live.close();
}
