import { encodeFunctionData, parseEventLogs, type Address, type Hex, type Log } from "viem";
import { tokenFactoryAbi } from "../../../../deployments/abi/index.ts";
import type { TokenConfig } from "./issue-token-form.ts";

/** The factory call that issues a token, ready for wagmi's writeContract / viem's simulateContract. */
export function issueTokenRequest(factory: Address, config: TokenConfig) {
  return { address: factory, abi: tokenFactoryAbi, functionName: "issueToken", args: [config] } as const;
}

/** The calldata the wallet will be asked to sign, as shown before it opens. */
export function encodeIssueToken(config: TokenConfig): Hex {
  return encodeFunctionData({ abi: tokenFactoryAbi, functionName: "issueToken", args: [config] });
}

/** The address of the token a confirmed issueToken transaction created (its TokenIssued event), or null. */
export function issuedTokenOf(logs: readonly { address: Address; data: Hex; topics: readonly Hex[] }[], factory: Address): Address | null {
  const events = parseEventLogs({ abi: tokenFactoryAbi, eventName: "TokenIssued", logs: logs as Log[] });
  return events.find((e) => e.address.toLowerCase() === factory.toLowerCase())?.args.token ?? null;
}
