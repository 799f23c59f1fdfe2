import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import { AgentPermission } from "../../../../lib/agent-permissions.ts";

export type PermissionName = Exclude<keyof typeof AgentPermission, "ALL">;

/** Every permission bit an agent may hold, with what it allows, in bit order. */
export const PERMISSIONS: readonly { name: PermissionName; bit: number; label: string }[] = [
  { name: "MINT", bit: AgentPermission.MINT, label: "Mint" },
  { name: "BURN", bit: AgentPermission.BURN, label: "Burn" },
  { name: "FREEZE", bit: AgentPermission.FREEZE, label: "Freeze wallets and amounts" },
  { name: "FORCED_TRANSFER", bit: AgentPermission.FORCED_TRANSFER, label: "Forced transfers" },
  { name: "RECOVERY", bit: AgentPermission.RECOVERY, label: "Wallet recovery" },
  { name: "PAUSE", bit: AgentPermission.PAUSE, label: "Pause and unpause" },
  { name: "DOCUMENTS", bit: AgentPermission.DOCUMENTS, label: "Documents" },
  { name: "RULES", bit: AgentPermission.RULES, label: "Change the rules" },
  { name: "DISTRIBUTION", bit: AgentPermission.DISTRIBUTION, label: "Income distributions" },
];

/** The permissions a set of bits holds, by label ("Mint, Freeze wallets and amounts"), or "none". */
export function describePermissions(bits: number): string {
  const held = PERMISSIONS.filter((p) => (bits & p.bit) !== 0).map((p) => p.label);
  return held.length === PERMISSIONS.length ? "All permissions" : held.length ? held.join(", ") : "None";
}

/** Sets or clears one permission in `bits`. */
export const withPermission = (bits: number, bit: number, on: boolean) => (on ? bits | bit : bits & ~bit);

export type AgentPlan = { ok: true; agent: Address; permissions: number } | { ok: false; errors: { address?: string; permissions?: string } };

/** A new agent: a wallet address that is not an agent yet, with at least one permission. */
export function planNewAgent(input: { address: string; permissions: number }, agents: readonly { address: string }[]): AgentPlan {
  const errors: { address?: string; permissions?: string } = {};
  const text = input.address.trim();
  let agent: Address | null = null;
  if (!isAddress(text, { strict: false })) errors.address = "Enter the agent's wallet address (0x followed by 40 hex digits)";
  else if (getAddress(text) === zeroAddress) errors.address = "The zero address cannot be an agent";
  else {
    agent = getAddress(text);
    if (agents.some((a) => getAddress(a.address) === agent)) errors.address = "This wallet is an agent already: change its permissions in the list";
  }
  if (input.permissions === 0) errors.permissions = "Choose at least one permission";
  else if ((input.permissions & ~AgentPermission.ALL) !== 0) errors.permissions = "Unknown permission bits";
  if (errors.address || errors.permissions || !agent) return { ok: false, errors };
  return { ok: true, agent, permissions: input.permissions };
}

/** New permissions for an existing agent: at least one (else remove the agent), and different from its current ones. */
export function planPermissionChange(current: number, next: number): { ok: true } | { ok: false; error: string } {
  if (next === 0) return { ok: false, error: "Choose at least one permission, or remove the agent" };
  if (next === current) return { ok: false, error: "Nothing changed: tick or clear a permission first" };
  return { ok: true };
}

/** `setAgentPermissions(agent, permissions)`: exactly these bits (the token's owner only). */
export function setAgentPermissionsRequest(token: Address, agent: Address, permissions: number) {
  return { address: token, abi: securityTokenAbi, functionName: "setAgentPermissions", args: [agent, permissions] } as const;
}

/** `removeAgent(agent)`: clears every permission (the token's owner only). */
export function removeAgentRequest(token: Address, agent: Address) {
  return { address: token, abi: securityTokenAbi, functionName: "removeAgent", args: [agent] } as const;
}

/** `pause()` or `unpause()`: stops or resumes transfers and mints (PAUSE permission). */
export function pauseRequest(token: Address, pause: boolean) {
  return { address: token, abi: securityTokenAbi, functionName: pause ? "pause" : "unpause", args: [] } as const;
}
