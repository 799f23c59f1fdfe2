// The intake part of the market benchmark alone (`node --import tsx bench/market/intake-only.ts`): the same live
// platform and clients as `npm run bench:market`, printed, never written. FOLIO_BENCH_INTAKE_ORDERS (600),
// FOLIO_BENCH_INTAKE_RUNS (2) and FOLIO_BENCH_INTAKE_BATCH (orders per request, 1) size it; FOLIO_BENCH_PROFILE=<dir> writes a CPU profile of each timed run there (the
// signing and start-up before it left out), to read in Chrome's DevTools or any .cpuprofile viewer.
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { measureIntake, type IntakeRun } from "./intake.ts";
import { startLiveMarket } from "./platform.ts";

const profileDir = process.env.FOLIO_BENCH_PROFILE;
let profiled = 0;

async function profile(run: () => Promise<IntakeRun>): Promise<IntakeRun> {
  if (!profileDir) return run();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const result = await run();
  const { profile: taken } = await session.post("Profiler.stop");
  session.disconnect();
  fs.mkdirSync(profileDir, { recursive: true });
  const file = path.join(profileDir, `intake-${++profiled}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(taken));
  console.log(`  profile: ${file}`);
  return result;
}

const options = {
  runs: Number(process.env.FOLIO_BENCH_INTAKE_RUNS ?? 2), orders: Number(process.env.FOLIO_BENCH_INTAKE_ORDERS ?? 600),
  batch: Number(process.env.FOLIO_BENCH_INTAKE_BATCH ?? 1), clients: 32, maxSeconds: 10, around: profile,
};
// FOLIO_BENCH_SERVER_WORKERS=N runs the app as `npm start` does, in processes of its own (N of them).
const workers = Number(process.env.FOLIO_BENCH_SERVER_WORKERS ?? 0);
const live = await startLiveMarket(workers ? { server: "process", workers } : {});
try {
  console.log(`intake: ${options.runs} runs of up to ${options.orders} orders, ${options.batch} per request, load average ${os.loadavg()[0]!.toFixed(2)}`);
  for (const r of await measureIntake(live, options)) console.log(`  ${r.orders} orders in ${r.seconds} s: ${r.ordersPerSec}/s, ${r.cpuMsPerOrder} ms CPU each${r.serverCpuMsPerOrder === undefined ? "" : ` (server processes ${r.serverCpuMsPerOrder} ms)`}`);
} finally {
  await live.close();
}
