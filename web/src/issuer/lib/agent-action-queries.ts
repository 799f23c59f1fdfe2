import type { Address } from "viem";
import { graphql, request, type ResultOf } from "../../api/graphql.ts";
import { formatAmount } from "../../lib/format.ts";

/** The token's recorded agent actions with their reasons, newest first (owner and agents only). */
export const AGENT_ACTIONS = graphql(`
  query AgentActions($token: Address!) {
    agentActions(token: $token, first: 50) { id actor functionName arguments { name value } txHash block reason recordedAt }
  }
`);

export const RECORD_AGENT_ACTION = graphql(`
  mutation RecordAgentAction($token: Address!, $txHash: String!, $reason: String!) {
    recordAgentAction(token: $token, txHash: $txHash, reason: $reason) { id functionName block }
  }
`);

export type AgentActionRow = ResultOf<typeof AGENT_ACTIONS>["agentActions"][number];

export async function fetchAgentActions(token: Address): Promise<AgentActionRow[]> {
  return (await request(AGENT_ACTIONS, { token })).agentActions;
}

/** Has the server record the reason for a confirmed agent transaction in the audit log. */
export async function recordAgentAction(args: { token: Address; txHash: string; reason: string }) {
  return (await request(RECORD_AGENT_ACTION, args)).recordAgentAction;
}

const ACTION_NAMES: Record<string, string> = {
  setAddressFrozen: "Wallet freeze",
  batchSetAddressFrozen: "Wallet freezes",
  freezePartialTokens: "Partial freeze",
  batchFreezePartialTokens: "Partial freezes",
  unfreezePartialTokens: "Partial unfreeze",
  batchUnfreezePartialTokens: "Partial unfreezes",
  setFrozenTokens: "Frozen amount set",
  forcedTransfer: "Forced transfer",
  batchForcedTransfer: "Forced transfers",
  forcedTransferInvestor: "Forced transfer (investor)",
  recoveryAddress: "Wallet recovery",
  burn: "Burn",
  batchBurn: "Burns",
  burnInvestor: "Burn (investor)",
  pause: "Pause",
  unpause: "Unpause",
};

/** The action in words: "Partial freeze", and for setAddressFrozen whether it froze or unfroze. */
export function actionName(row: Pick<AgentActionRow, "functionName" | "arguments">): string {
  if (row.functionName === "setAddressFrozen") {
    return row.arguments.find((a) => a.name === "freeze")?.value === "false" ? "Wallet unfreeze" : "Wallet freeze";
  }
  return ACTION_NAMES[row.functionName] ?? row.functionName;
}

/** The arguments in words: amounts in token units, the rest as recorded ("userAddress: 0x…, amount: 10 FDS"). */
export function describeArguments(row: Pick<AgentActionRow, "arguments">, token: { decimals: number; symbol: string }): string {
  return row.arguments
    .filter((a) => !(a.name === "investorOnchainID" && /^0x0{40}$/.test(a.value)))
    .map((a) => {
      if (/^amounts?$/.test(a.name) && /^\d+(,\d+)*$/.test(a.value)) {
        return `${a.name}: ${a.value.split(",").map((v) => `${formatAmount(v, token.decimals)} ${token.symbol}`).join(", ")}`;
      }
      return `${a.name}: ${a.value}`;
    })
    .join("; ");
}
