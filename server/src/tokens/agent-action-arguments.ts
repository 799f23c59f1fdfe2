import { getAddress, isAddress } from "viem";

/**
 * One argument of an agent action, as text: addresses checksummed, amounts in the token's smallest unit, lists as
 * comma-separated values. `name` is the ABI's, without its leading underscore (`_userAddress` → `userAddress`).
 */
export interface AgentActionArgument {
  name: string;
  value: string;
}

/** The decoded arguments of a call, named after the ABI's inputs (`arg1`, `arg2`… where the ABI has no name). */
export function agentActionArguments(names: readonly string[], values: readonly unknown[]): AgentActionArgument[] {
  return values.map((value, i) => ({ name: (names[i] ?? "").replace(/^_+/, "") || `arg${i + 1}`, value: argumentText(value) }));
}

function argumentText(value: unknown): string {
  if (Array.isArray(value)) return value.map(argumentText).join(",");
  if (typeof value === "string" && isAddress(value, { strict: false })) return getAddress(value);
  return String(value);
}
