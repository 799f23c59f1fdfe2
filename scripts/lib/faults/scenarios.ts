import { deepReorg } from "./deep-reorg.ts";
import { killBetweenMatchAndSettle } from "./kill-between-match-and-settle.ts";
import { killWhileIndexing } from "./kill-while-indexing.ts";
import { killWhileSending } from "./kill-while-sending.ts";
import { postgresRestart } from "./postgres-restart.ts";
import { rpcCut } from "./rpc-cut.ts";
import type { Scenario } from "./scenario.ts";

/** Every fault `npm run faults` injects, in the order it runs them. */
export const SCENARIOS: Scenario[] = [killWhileSending, killWhileIndexing, killBetweenMatchAndSettle, rpcCut, postgresRestart, deepReorg];
