import { killWhileSending } from "./kill-while-sending.ts";
import type { Scenario } from "./scenario.ts";

/** Every fault `npm run faults` injects, in the order it runs them. */
export const SCENARIOS: Scenario[] = [killWhileSending];
