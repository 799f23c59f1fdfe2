import { createPublicClient, createWalletClient, http, parseEther, type Address, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cashTokenAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { createLogger } from "../../../server/src/logger.ts";
import type { Chain } from "../../../server/src/chain/chain.ts";
import { FolioError } from "../../../server/src/errors.ts";
import { AGENT_ACTION_REASON_MAX, createAgentActions } from "../../../server/src/tokens/agent-actions.ts";
import { agentActionArguments } from "../../../server/src/tokens/agent-action-arguments.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { devAccount, signedInClient } from "../../support/sign-in.ts";

const RECORD = `mutation($token: Address!, $txHash: String!, $reason: String!) {
  recordAgentAction(token: $token, txHash: $txHash, reason: $reason) {
    id token actor functionName arguments { name value } txHash block reason recordedAt
  }
}`;
const LIST = `query($token: Address!) { agentActions(token: $token) { id functionName txHash reason arguments { name value } } }`;

const OWNER = ACTORS.owner;
const investor = devAccount(ACTORS.investor).address;
const otherInvestor = devAccount(ACTORS.otherInvestor).address;
const unverified = devAccount(5).address;

describeEachDatabase("agent actions: reasons for freezes and forced transfers, read from the chain", (kind) => {
  let platform: TestPlatform;
  let client: ReturnType<typeof signedInClient>;
  let token: Address;
  const logLines: string[] = [];
  let send: (index: number, call: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; gas?: bigint }) => Promise<{ hash: Hex; block: number; status: string }>;
  /** Transactions sent in beforeAll, by what they did. */
  const txs: Record<string, { hash: Hex; block: number }> = {};

  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors, { logger: createLogger("debug", { write: (line: string) => void logLines.push(line) }) });
    client = signedInClient(platform);
    token = (await platform.app.services.tokens.listTokens()).find((t) => t.symbol === "FDS")!.address;
    const transport = http(platform.chain.rpcUrl, { batch: false });
    const publicClient = createPublicClient({ transport });
    send = async (index, call) => {
      const wallet = createWalletClient({ account: devAccount(index), transport });
      const hash = await wallet.writeContract({ ...call, chain: null } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      return { hash, block: Number(receipt.blockNumber), status: receipt.status };
    };
    const call = (functionName: string, args: readonly unknown[]) => ({ address: token, abi: securityTokenAbi, functionName, args });
    await send(OWNER, call("mint", [investor, parseEther("100")]));
    txs.freeze = await send(OWNER, call("freezePartialTokens", [investor, parseEther("10")]));
    txs.forced = await send(OWNER, call("forcedTransfer", [investor, otherInvestor, parseEther("5")]));
    txs.secondFreeze = await send(OWNER, call("freezePartialTokens", [investor, parseEther("1")]));
    txs.mint = await send(OWNER, call("mint", [investor, parseEther("1")]));
    // Sent with a fixed gas limit, so it is mined although it reverts (no balance to freeze).
    const failed = await send(OWNER, { ...call("freezePartialTokens", [unverified, parseEther("1")]), gas: 300_000n });
    expect(failed.status).toBe("reverted");
    txs.failed = failed;
    txs.otherContract = await send(OWNER, { address: readCashToken(platform), abi: cashTokenAbi, functionName: "transfer", args: [investor, 1n] });
  });
  afterAll(() => platform?.close());

  const auditState = async () => {
    const { rows } = await platform.db.query<{ count: string; last: string | null }>(
      "select count(*)::text as count, (select hash from audit_log order by id desc limit 1) as last from audit_log",
    );
    return rows[0];
  };

  it("records a partial freeze with its reason, the arguments decoded from the calldata and its block", async () => {
    const result = await client.gql(OWNER, RECORD, { token, txHash: txs.freeze!.hash, reason: "  Court order 2026-114: hold 10 FDS  " });
    expect(result.errors).toBeUndefined();
    const action = result.data.recordAgentAction;
    expect(action).toMatchObject({
      token,
      actor: devAccount(OWNER).address,
      functionName: "freezePartialTokens",
      arguments: [{ name: "userAddress", value: investor }, { name: "amount", value: parseEther("10").toString() }],
      txHash: txs.freeze!.hash,
      block: txs.freeze!.block,
      reason: "Court order 2026-114: hold 10 FDS",
    });
    const { rows } = await platform.db.query<{ action: string; target: string; details: unknown }>("select action, target, details from audit_log where id = $1", [action.id]);
    const details = typeof rows[0]!.details === "string" ? JSON.parse(rows[0]!.details) : rows[0]!.details;
    expect(rows[0]).toMatchObject({ action: "agentAction.freezePartialTokens", target: token });
    expect(details).toMatchObject({ txHash: txs.freeze!.hash, block: txs.freeze!.block, reason: "Court order 2026-114: hold 10 FDS" });
    expect((await platform.app.services.audit.verify()).valid).toBe(true);
  });

  it("records a forced transfer sent by the same wallet, named after the function it called", async () => {
    const result = await client.gql(OWNER, RECORD, { token, txHash: txs.forced!.hash, reason: "Estate transfer, ticket 88" });
    expect(result.errors).toBeUndefined();
    expect(result.data.recordAgentAction.functionName).toBe("forcedTransfer");
    expect(result.data.recordAgentAction.arguments).toEqual([
      { name: "from", value: investor },
      { name: "to", value: otherInvestor },
      { name: "amount", value: parseEther("5").toString() },
    ]);
  });

  it("records a transaction once: recording it again returns the first record and appends nothing", async () => {
    const before = await auditState();
    const again = await client.gql(OWNER, RECORD, { token, txHash: txs.freeze!.hash.toUpperCase().replace("0X", "0x"), reason: "another reason" });
    expect(again.errors).toBeUndefined();
    expect(again.data.recordAgentAction.reason).toBe("Court order 2026-114: hold 10 FDS");
    const both = await Promise.all([1, 2].map(() => client.gql(OWNER, RECORD, { token, txHash: txs.forced!.hash, reason: "twice at once" })));
    expect(both.map((r) => r.data.recordAgentAction.reason)).toEqual(["Estate transfer, ticket 88", "Estate transfer, ticket 88"]);
    expect(await auditState()).toEqual(before);
  });

  it("lists the token's agent actions, newest first, for its owner and agents", async () => {
    for (const reader of [OWNER, ACTORS.tokenAgent]) {
      const result = await client.gql(reader, LIST, { token });
      expect(result.errors).toBeUndefined();
      expect(result.data.agentActions.map((a: { functionName: string; reason: string }) => [a.functionName, a.reason])).toEqual([
        ["forcedTransfer", "Estate transfer, ticket 88"],
        ["freezePartialTokens", "Court order 2026-114: hold 10 FDS"],
      ]);
    }
  });

  it("keeps the reason out of the server's log, which names the action and its transaction", () => {
    const recorded = logLines.filter((line) => line.includes("agent action recorded"));
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.join("\n")).toContain(txs.freeze!.hash);
    expect(logLines.join("\n")).not.toContain("Court order");
    expect(logLines.join("\n")).not.toContain("Estate transfer");
  });

  it("reports a chain that does not answer as a failure of its own, not as an unknown transaction", async () => {
    const down = () => Promise.reject(new Error("connect ECONNREFUSED"));
    const chain = { chainId: 31337, deployment: {}, client: { getTransaction: down, getTransactionReceipt: down } } as unknown as Chain;
    const service = createAgentActions({ chain, db: platform.db });
    const before = await auditState();
    const attempt = service.record({ token, actor: devAccount(OWNER).address, txHash: txs.secondFreeze!.hash, reason: "Court order 7" });
    await expect(attempt).rejects.toThrow("connect ECONNREFUSED");
    await expect(attempt).rejects.not.toBeInstanceOf(FolioError);
    expect(await auditState()).toEqual(before);
  });

  describe("refusals, each with its code and changing nothing", () => {
    const refusals: [string, () => { index: number | null; token?: Address; txHash?: Hex | string; reason?: string }, string][] = [
      ["an empty reason", () => ({ index: OWNER, txHash: txs.secondFreeze!.hash, reason: "   " }), "AGENT_ACTION_REASON_REQUIRED"],
      ["a reason over the limit", () => ({ index: OWNER, txHash: txs.secondFreeze!.hash, reason: "x".repeat(AGENT_ACTION_REASON_MAX + 1) }), "AGENT_ACTION_REASON_TOO_LONG"],
      ["a malformed transaction hash", () => ({ index: OWNER, txHash: "0x1234" }), "BAD_USER_INPUT"],
      ["a transaction the caller did not send", () => ({ index: ACTORS.tokenAgent, txHash: txs.secondFreeze!.hash }), "AGENT_ACTION_NOT_YOUR_TRANSACTION"],
      ["a contract Folio did not issue", () => ({ index: OWNER, token: fake, txHash: txs.secondFreeze!.hash }), "AGENT_ACTION_NOT_FOLIO_TOKEN"],
      ["a transaction the chain does not know", () => ({ index: OWNER, txHash: `0x${"ab".repeat(32)}` }), "AGENT_ACTION_TX_UNKNOWN"],
      ["a transaction that reverted", () => ({ index: OWNER, txHash: txs.failed!.hash }), "AGENT_ACTION_TX_FAILED"],
      ["a mint, which is not an agent action that takes a reason", () => ({ index: OWNER, txHash: txs.mint!.hash }), "AGENT_ACTION_NOT_AGENT_ACTION"],
      ["a transaction sent to another contract", () => ({ index: OWNER, txHash: txs.otherContract!.hash }), "AGENT_ACTION_OTHER_CONTRACT"],
      ["a caller who is not signed in", () => ({ index: null, txHash: txs.secondFreeze!.hash }), "UNAUTHENTICATED"],
      ["a signed-in investor who is neither owner nor agent", () => ({ index: ACTORS.investor, txHash: txs.secondFreeze!.hash }), "FORBIDDEN"],
    ];
    let fake: Address;

    beforeAll(async () => {
      const transport = http(platform.chain.rpcUrl, { batch: false });
      const wallet = createWalletClient({ account: devAccount(ACTORS.investor), transport });
      const artifact = readArtifact("FakeOwnedToken");
      const hash = await wallet.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, chain: null });
      fake = (await createPublicClient({ transport }).waitForTransactionReceipt({ hash })).contractAddress!;
    });

    for (const [what, input, code] of refusals) {
      it(`refuses ${what} with ${code}`, async () => {
        const { index, ...args } = input();
        // Signing in appends its own audit entry: done before the count that must not change.
        if (index !== null) await client.as(index);
        const before = await auditState();
        const result = await client.gql(index, RECORD, { token, reason: "Regulator request 7", ...args });
        expect(result.errors?.[0]?.extensions?.code).toBe(code);
        expect(result.data?.recordAgentAction ?? null).toBeNull();
        expect(await auditState()).toEqual(before);
      });
    }

    it("refuses the list of agent actions to an investor and to a caller who is not signed in", async () => {
      expect((await client.gql(ACTORS.investor, LIST, { token })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await client.gql(null, LIST, { token })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
});

describe("agentActionArguments", () => {
  it("names arguments after the ABI without their underscore, checksums addresses and joins lists", () => {
    expect(agentActionArguments(["_userAddresses", "_amounts", ""], [[investor.toLowerCase()], [1n, 2n], true])).toEqual([
      { name: "userAddresses", value: investor },
      { name: "amounts", value: "1,2" },
      { name: "arg3", value: "true" },
    ]);
  });
});

/** The demo digital cash's address, from the deployment the platform read. */
function readCashToken(platform: TestPlatform): Address {
  return readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!.contracts.CashToken!.address as Address;
}
