import { encodeFunctionData, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import {
  describePermissions, pauseRequest, PERMISSIONS, planNewAgent, planPermissionChange, removeAgentRequest, setAgentPermissionsRequest, withPermission,
} from "../../../web/src/issuer/lib/agents-form.ts";
import { checkAgentPermission, checkOwner } from "../../../web/src/issuer/lib/permission-preflight.ts";

const token = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const owner = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" as Address;
const agent = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;

describe("agent permissions", () => {
  it("offers every permission bit of the token, each once", () => {
    expect(PERMISSIONS.map((p) => p.name)).toEqual(["MINT", "BURN", "FREEZE", "FORCED_TRANSFER", "RECOVERY", "PAUSE", "DOCUMENTS", "RULES", "DISTRIBUTION"]);
    expect(PERMISSIONS.reduce((bits, p) => bits | p.bit, 0)).toBe(AgentPermission.ALL);
  });

  it("describes bits in words and ticks or clears one bit", () => {
    expect(describePermissions(AgentPermission.ALL)).toBe("All permissions");
    expect(describePermissions(AgentPermission.MINT | AgentPermission.FREEZE)).toBe("Mint, Freeze wallets and amounts");
    expect(describePermissions(0)).toBe("None");
    expect(withPermission(AgentPermission.MINT, AgentPermission.PAUSE, true)).toBe(33);
    expect(withPermission(33, AgentPermission.MINT, false)).toBe(AgentPermission.PAUSE);
  });
});

describe("planNewAgent", () => {
  it("accepts a new wallet with at least one permission, checksummed", () => {
    expect(planNewAgent({ address: ` ${agent.toLowerCase()} `, permissions: 12 }, [{ address: owner }])).toEqual({ ok: true, agent, permissions: 12 });
  });

  it("refuses a bad address, the zero address, an existing agent and no permission, next to each field", () => {
    expect(planNewAgent({ address: "0x123", permissions: 0 }, [])).toEqual({
      ok: false, errors: { address: "Enter the agent's wallet address (0x followed by 40 hex digits)", permissions: "Choose at least one permission" },
    });
    expect(planNewAgent({ address: `0x${"0".repeat(40)}`, permissions: 1 }, [])).toEqual({ ok: false, errors: { address: "The zero address cannot be an agent" } });
    expect(planNewAgent({ address: owner.toLowerCase(), permissions: 1 }, [{ address: owner }])).toEqual({
      ok: false, errors: { address: "This wallet is an agent already: change its permissions in the list" },
    });
    expect(planNewAgent({ address: agent, permissions: 1024 }, [])).toEqual({ ok: false, errors: { permissions: "Unknown permission bits" } });
  });
});

describe("planPermissionChange", () => {
  it("needs a change and at least one permission left", () => {
    expect(planPermissionChange(3, 7)).toEqual({ ok: true });
    expect(planPermissionChange(3, 3)).toEqual({ ok: false, error: "Nothing changed: tick or clear a permission first" });
    expect(planPermissionChange(3, 0)).toEqual({ ok: false, error: "Choose at least one permission, or remove the agent" });
  });
});

describe("agent and pause calls", () => {
  it("are calls the token's ABI encodes", () => {
    for (const call of [setAgentPermissionsRequest(token, agent, 12), removeAgentRequest(token, agent), pauseRequest(token, true), pauseRequest(token, false)]) {
      expect(call.address).toBe(token);
      expect(encodeFunctionData(call as never)).toMatch(/^0x[0-9a-f]{8}/);
    }
    expect(pauseRequest(token, false).functionName).toBe("unpause");
  });
});

describe("permission checks before the wallet opens", () => {
  const client = (bits: number) => ({ readContract: async () => bits }) as never;

  it("lets a wallet with the permission go ahead and names the missing one otherwise", async () => {
    expect(await checkAgentPermission({ token, account: agent, permission: "FREEZE" }, client(AgentPermission.FREEZE | AgentPermission.MINT))).toEqual({ allowed: true });
    const refused = await checkAgentPermission({ token, account: agent, permission: "RULES" }, client(AgentPermission.ALL & ~AgentPermission.RULES));
    expect(refused).toMatchObject({ allowed: false, reason: 'your wallet does not hold the RULES permission ("Change the rules") on this token' });
  });

  it("lets only the owner change agents", () => {
    expect(checkOwner(owner.toLowerCase(), owner)).toEqual({ allowed: true });
    expect(checkOwner(owner, agent)).toMatchObject({ allowed: false, reason: `only the token's owner (${owner}) can change its agents` });
  });
});
