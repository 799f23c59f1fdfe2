import { getAddress, type Address, type PublicClient } from "viem";
import { securityTokenAbi } from "../../../../deployments/abi/index.ts";
import type { Preflight } from "../../tx/preflight.ts";
import { PERMISSIONS, type PermissionName } from "./agents-form.ts";

/**
 * Whether `account` holds `permission` on the token, read from the token before the wallet opens: without it the
 * token reverts with SecurityTokenMissingPermission, so the console says so instead of sending.
 */
export async function checkAgentPermission(
  args: { token: Address; account: Address; permission: PermissionName },
  client: Pick<PublicClient, "readContract">,
): Promise<Preflight> {
  const bits = Number(await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "agentPermissions", args: [args.account] }));
  const permission = PERMISSIONS.find((p) => p.name === args.permission)!;
  if ((bits & permission.bit) !== 0) return { allowed: true };
  return {
    allowed: false,
    code: 0,
    reason: `your wallet does not hold the ${args.permission} permission ("${permission.label}") on this token`,
    hint: "The token's owner grants permissions on the Rules & agents tab.",
  };
}

/** Agents are the owner's to change: anyone else would be refused by the token (OwnableUnauthorizedAccount). */
export function checkOwner(owner: string | null | undefined, account: Address): Preflight {
  if (owner && getAddress(owner) === getAddress(account)) return { allowed: true };
  return { allowed: false, code: 0, reason: `only the token's owner${owner ? ` (${owner})` : ""} can change its agents` };
}
