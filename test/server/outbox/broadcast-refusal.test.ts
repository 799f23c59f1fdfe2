import { describe, expect, it } from "vitest";
import { HttpRequestError, InvalidInputRpcError, RpcRequestError, TimeoutError, TransactionRejectedRpcError } from "viem";
import { classifyBroadcastError, exceedsBlockGasLimit, type BroadcastOutcome } from "../../../server/src/chain/broadcast-refusal.ts";

const URL = "http://127.0.0.1:8545";
/** The error viem throws when the node answers eth_sendRawTransaction with a JSON-RPC error. */
function nodeError(message: string, code = -32000) {
  const cause = new RpcRequestError({ body: { method: "eth_sendRawTransaction" }, error: { code, message }, url: URL });
  return code === -32602 ? new InvalidInputRpcError(cause) : new TransactionRejectedRpcError(cause);
}

describe("broadcast refusals", () => {
  const cases: [BroadcastOutcome, unknown][] = [
    // The node has the bytes already, or mined them.
    ["known", nodeError("already known")],
    ["known", nodeError("ALREADY_KNOWN")],
    ["known", nodeError("known transaction: 0x12ab")],
    ["nonce-used", nodeError("nonce too low")],
    ["nonce-used", nodeError("nonce too low: next nonce 7, tx nonce 5")],
    ["nonce-used", nodeError("NONCE_TOO_LOW")],
    // Never mineable: retrying only holds the nonce.
    ["permanent", nodeError("intrinsic gas too high -- tx.gas_limit > env.block.gas_limit", -32602)],
    ["permanent", nodeError("exceeds block gas limit")],
    ["permanent", nodeError("Transaction gas limit is 40000000 and exceeds block gas limit of 30000000")],
    ["permanent", nodeError("intrinsic gas too low", -32602)],
    ["permanent", nodeError("Transaction requires at least 21000 gas but got 20000")],
    ["permanent", nodeError("invalid sender")],
    ["permanent", nodeError("invalid chain id for signer")],
    ["permanent", nodeError("transaction type not supported")],
    ["permanent", nodeError("max priority fee per gas higher than max fee per gas")],
    ["permanent", nodeError("oversized data")],
    // Fees too low: a replacement with higher fees goes through.
    ["underpriced", nodeError("replacement transaction underpriced")],
    ["underpriced", nodeError("transaction underpriced")],
    ["underpriced", nodeError("max fee per gas less than block base fee")],
    ["underpriced", nodeError("Transaction maxFeePerGas (1) is too low for the next block, which has a baseFeePerGas of 7")],
    // Anything else is worth retrying: the network, the node's load, the sender's balance.
    ["transient", new HttpRequestError({ url: URL, details: "fetch failed" })],
    ["transient", new HttpRequestError({ url: URL, status: 503, details: "Service Unavailable" })],
    ["transient", new TimeoutError({ body: { method: "eth_sendRawTransaction" }, url: URL })],
    ["transient", nodeError("insufficient funds for gas * price + value")],
    ["transient", nodeError("txpool is full")],
    ["transient", nodeError("nonce too high")],
    ["transient", new Error("socket hang up")],
    ["transient", "a string thrown"],
  ];

  for (const [outcome, error] of cases) {
    const text = error instanceof Error ? ((error as { details?: string }).details ?? error.message) : String(error);
    it(`classifies "${text.split("\n")[0]}" as ${outcome}`, () => {
      expect(classifyBroadcastError(error)).toBe(outcome);
    });
  }

  it("tells a gas estimate above the block gas limit from a revert", () => {
    expect(exceedsBlockGasLimit(nodeError("Out of gas: gas required exceeds allowance: 60000", 3))).toBe(true);
    expect(exceedsBlockGasLimit(nodeError("execution reverted: not allowed", 3))).toBe(false);
    expect(exceedsBlockGasLimit(new HttpRequestError({ url: URL, details: "fetch failed" }))).toBe(false);
  });
});
