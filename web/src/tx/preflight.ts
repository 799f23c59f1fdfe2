import type { Address, PublicClient } from "viem";
import { securityTokenAbi } from "../../../deployments/abi/index.ts";
import { graphqlRequest } from "../api/graphql.ts";
import { restrictionHint } from "./restrictions.ts";

/** What a check before opening the wallet answers: go ahead, or the token's reason in words (and a next step). */
export type Preflight = { allowed: true } | { allowed: false; code: number; reason: string; hint?: string };

const TRANSFER_RESTRICTION = /* GraphQL */ `
  query TransferRestriction($token: Address!, $from: Address!, $to: Address!, $amount: BigInt!) {
    transferRestriction(token: $token, from: $from, to: $to, amount: $amount) { code message allowed }
  }
`;

type Request = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Asks the server whether the token would accept `from` sending `amount` to `to` (ERC-1404). */
export async function checkTransfer(
  args: { token: Address; from: Address; to: Address; amount: bigint },
  request: Request = graphqlRequest,
): Promise<Preflight> {
  const { transferRestriction: answer } = await request<{ transferRestriction: { code: number; message: string; allowed: boolean } }>(
    TRANSFER_RESTRICTION,
    { token: args.token, from: args.from, to: args.to, amount: args.amount.toString() },
  );
  return answer.allowed ? { allowed: true } : refused(answer.code, answer.message);
}

/**
 * Whether the token would accept minting `amount` to `to`: the token's own `detectMintRestriction` and
 * `messageForTransferRestriction`, read from the chain. (The server's transferRestriction answers for transfers; a
 * mint has no sender, which it would report as "sender not eligible".)
 */
export async function checkMint(args: { token: Address; to: Address; amount: bigint }, client: Pick<PublicClient, "readContract">): Promise<Preflight> {
  const code = Number(await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "detectMintRestriction", args: [args.to, args.amount] }));
  if (code === 0) return { allowed: true };
  const message = await client.readContract({ address: args.token, abi: securityTokenAbi, functionName: "messageForTransferRestriction", args: [code] });
  return refused(code, String(message));
}

function refused(code: number, reason: string): Preflight {
  const hint = restrictionHint(code);
  return hint ? { allowed: false, code, reason, hint } : { allowed: false, code, reason };
}
