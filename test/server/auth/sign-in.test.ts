import { createRequire } from "node:module";
import { createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from "viem";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { buildSiweMessage, devAccount, requestNonce, SIGN_IN, signIn } from "../../support/sign-in.ts";

const ME = `{ me { address roles { role token } } }`;

describeEachDatabase("Sign-In with Ethereum", (kind) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // Many sign-ins here fail on purpose; the failed sign-in limit has its own test (test/server/api/sign-in-abuse.test.ts).
    platform = await startTestPlatform(kind, { FOLIO_RATE_LIMIT_SIGN_IN_FAILURES: "0" });
  });
  afterAll(() => platform?.close());

  const sessionCount = async () => Number((await platform.db.query<{ n: string }>("select count(*)::text as n from sessions")).rows[0]!.n);
  const nonceLive = async (nonce: string) => (await platform.db.query("select 1 from siwe_nonces where nonce = $1", [nonce])).rows.length === 1;
  const failedSignIns = async () =>
    Number((await platform.db.query<{ n: string }>("select count(*)::text as n from audit_log where action = 'auth.signIn' and outcome = 'failure'")).rows[0]!.n);

  /** Sends a sign-in that must fail with `code` and asserts that no session was opened and a failure was audited. */
  async function expectRefused(message: string, signature: Hex, code: string) {
    const [sessionsBefore, failuresBefore] = [await sessionCount(), await failedSignIns()];
    const result = await platform.gql(SIGN_IN, { message, signature });
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions.code).toBe(code);
    expect(await sessionCount()).toBe(sessionsBefore);
    expect(await failedSignIns()).toBe(failuresBefore + 1);
  }

  it("issues distinct single-use nonces that live five minutes", async () => {
    const [a, b] = [await requestNonce(platform), await requestNonce(platform)];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    const { rows } = await platform.db.query<{ seconds: number }>(
      "select extract(epoch from expires_at - now())::float8 as seconds from siwe_nonces where nonce = $1", [a]);
    expect(rows[0]!.seconds).toBeGreaterThan(290);
    expect(rows[0]!.seconds).toBeLessThanOrEqual(300);
  });

  it("signs a dev account in, returns a bearer token and an HttpOnly SameSite=Strict cookie, and stores only the token's hash", async () => {
    const account = devAccount(1);
    const nonce = await requestNonce(platform);
    const message = buildSiweMessage(platform, account, nonce);
    const response = await platform.app.yoga.fetch("http://folio.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: SIGN_IN, variables: { message, signature: await account.signMessage({ message }) } }),
    });
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    const { address, token, expiresAt } = body.data.signIn;
    expect(address).toBe(account.address);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * 3600_000);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toContain(`folio_session=${token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // NODE_ENV=test; production adds it

    expect(await nonceLive(nonce)).toBe(false);
    const stored = await platform.db.query<{ token_hash: string }>("select token_hash from sessions where address = $1", [account.address]);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);
    expect(stored.rows).toHaveLength(1);

    const viaBearer = await platform.gql(ME, {}, { authorization: `Bearer ${token}` });
    expect(viaBearer.data.me.address).toBe(account.address);
    const viaCookie = await platform.gql(ME, {}, { cookie: `other=1; folio_session=${token}` });
    expect(viaCookie.data.me.address).toBe(account.address);
    expect((await platform.gql(ME)).data.me).toBeNull();
    expect((await platform.gql(ME, {}, { authorization: "Bearer not-a-real-token" })).errors?.[0].extensions.reason).toBe("SESSION_INVALID");
  });

  it("refuses a replayed message: the nonce is consumed once", async () => {
    const account = devAccount(2);
    const message = buildSiweMessage(platform, account, await requestNonce(platform));
    const signature = await account.signMessage({ message });
    expect((await platform.gql(SIGN_IN, { message, signature })).data.signIn.address).toBe(account.address);
    await expectRefused(message, signature, "SIWE_NONCE_INVALID");
  });

  it("lets exactly one of several concurrent sign-ins with the same message through", async () => {
    const account = devAccount(3);
    const message = buildSiweMessage(platform, account, await requestNonce(platform));
    const signature = await account.signMessage({ message });
    const before = await sessionCount();
    const results = await Promise.all(Array.from({ length: 5 }, () => platform.gql(SIGN_IN, { message, signature })));
    expect(results.filter((r) => r.data?.signIn)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions.code === "SIWE_NONCE_INVALID")).toHaveLength(4);
    expect(await sessionCount()).toBe(before + 1);
  });

  it.each([
    ["a nonce the server never issued", { nonce: "abcdef0123456789abcdef0123456789" }, "SIWE_NONCE_INVALID"],
    ["another site's domain", { domain: "evil.example" }, "SIWE_DOMAIN_MISMATCH"],
    ["another site's URI", { uri: "https://evil.example/" }, "SIWE_URI_MISMATCH"],
    ["another chain id", { chainId: 1 }, "SIWE_CHAIN_MISMATCH"],
    ["an expiry in the past", { issuedAt: new Date(Date.now() - 120_000), expirationTime: new Date(Date.now() - 60_000) }, "SIWE_EXPIRED"],
    ["a not-before in the future", { notBefore: new Date(Date.now() + 600_000) }, "SIWE_NOT_YET_VALID"],
    ["an issued-at in the future", { issuedAt: new Date(Date.now() + 600_000), expirationTime: new Date(Date.now() + 900_000) }, "SIWE_ISSUED_AT_INVALID"],
    ["an issued-at older than a nonce lives", { issuedAt: new Date(Date.now() - 3600_000) }, "SIWE_ISSUED_AT_INVALID"],
  ] as const)("refuses a message with %s, opens no session, and keeps a live nonce usable", async (_label, overrides, code) => {
    const account = devAccount(4);
    const nonce = await requestNonce(platform);
    const message = buildSiweMessage(platform, account, nonce, overrides);
    await expectRefused(message, await account.signMessage({ message }), code);
    expect(await nonceLive(nonce)).toBe(true);
  });

  it("refuses a message altered after signing, and a signature by another account", async () => {
    const account = devAccount(4);
    const nonce = await requestNonce(platform);
    const message = buildSiweMessage(platform, account, nonce);
    const signature = await account.signMessage({ message });
    await expectRefused(message.replace("Sign in to Folio", "Sign in to Folio and more"), signature, "SIWE_SIGNATURE_INVALID");
    await expectRefused(message, await devAccount(5).signMessage({ message }), "SIWE_SIGNATURE_INVALID");
    // The victim's address in a message signed by someone else.
    const impersonation = buildSiweMessage(platform, devAccount(0), nonce);
    await expectRefused(impersonation, await account.signMessage({ message: impersonation }), "SIWE_SIGNATURE_INVALID");
    expect(await nonceLive(nonce)).toBe(true);
  });

  it("refuses an expired nonce", async () => {
    const account = devAccount(4);
    const nonce = await requestNonce(platform);
    await platform.db.query("update siwe_nonces set expires_at = now() - interval '1 second' where nonce = $1", [nonce]);
    const message = buildSiweMessage(platform, account, nonce);
    await expectRefused(message, await account.signMessage({ message }), "SIWE_NONCE_INVALID");
  });

  it.each([
    ["an empty message", "", "0x1234", "SIWE_MESSAGE_INVALID"],
    ["a message that is not EIP-4361", "hello, sign me in", "0x1234", "SIWE_MESSAGE_INVALID"],
    ["an oversized message", "x".repeat(5000), "0x1234", "SIWE_MESSAGE_INVALID"],
    ["a signature that is not hex", "x", "signature", "SIWE_SIGNATURE_INVALID"],
  ] as const)("refuses %s with a clear error", async (_label, message, signature, code) => {
    await expectRefused(message, signature as Hex, code);
  });

  it("refuses a valid message with a malformed signature", async () => {
    const account = devAccount(4);
    const message = buildSiweMessage(platform, account, await requestNonce(platform));
    await expectRefused(message, "0xdeadbeef", "SIWE_SIGNATURE_INVALID");
  });

  it("signs out: the session ends, its token stops working, and the cookie is cleared", async () => {
    const { headers, address } = await signIn(platform, 6);
    const response = await platform.app.yoga.fetch("http://folio.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: `mutation { signOut }` }),
    });
    expect((await response.json()).data.signOut).toBe(true);
    expect(response.headers.get("set-cookie")).toMatch(/folio_session=; .*Max-Age=0/);
    const ended = await platform.gql(ME, {}, headers);
    expect(ended.data).toBeUndefined();
    expect(ended.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_INVALID" });
    expect((await platform.gql(`mutation { signOut }`, {}, headers)).data.signOut).toBe(false);
    const audit = await platform.db.query("select 1 from audit_log where action = 'auth.signOut' and actor = $1", [address]);
    expect(audit.rows).toHaveLength(1);
  });

  it("answers an expired session with UNAUTHENTICATED and the reason SESSION_EXPIRED, not as signed out", async () => {
    const { headers, token } = await signIn(platform, 7);
    const { hashToken } = await import("../../../server/src/auth/sessions.ts");
    await platform.db.query("update sessions set expires_at = now() - interval '1 second' where token_hash = $1", [hashToken(token)]);
    const result = await platform.gql(ME, {}, headers);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_EXPIRED" });
    // Public reads refuse it too: the client must drop the token rather than be shown a signed-out page.
    expect((await platform.gql(`{ tokens { address } }`, {}, headers)).errors?.[0].extensions.reason).toBe("SESSION_EXPIRED");
    // Getting a new session still works with the dead token attached.
    expect((await platform.gql(`mutation { siweNonce }`, {}, headers)).data.siweNonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ["a token this server never issued", { authorization: `Bearer ${"A".repeat(43)}` }],
    ["a malformed token", { authorization: "Bearer not-a-token" }],
    ["a non-bearer Authorization header", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("answers %s with UNAUTHENTICATED and the reason SESSION_INVALID", async (_label, headers) => {
    const result = await platform.gql(ME, {}, headers);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_INVALID" });
    expect((await platform.gql(ME)).data.me).toBeNull(); // no token at all is simply anonymous
  });

  it("answers a dead session cookie with SESSION_INVALID and clears the cookie", async () => {
    const response = await platform.app.yoga.fetch("http://folio.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `folio_session=${"B".repeat(43)}` },
      body: JSON.stringify({ query: ME }),
    });
    const body = await response.json();
    expect(body.errors?.[0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "SESSION_INVALID" });
    expect(response.headers.get("set-cookie")).toMatch(/folio_session=; .*Max-Age=0/);
  });

  it("signs in a contract wallet through ERC-1271", async () => {
    const owner = devAccount(8);
    const wallet = await deployErc1271Wallet(platform, owner.address);
    const nonce = await requestNonce(platform);
    const message = buildSiweMessage(platform, owner, nonce, { address: wallet });
    // The wallet contract accepts its owner's signature of the message.
    const signature = await owner.signMessage({ message });
    const result = await platform.gql(SIGN_IN, { message, signature });
    expect(result.errors).toBeUndefined();
    expect(result.data.signIn.address).toBe(wallet);
    // A stranger's signature is refused by the wallet.
    const other = buildSiweMessage(platform, owner, await requestNonce(platform), { address: wallet });
    await expectRefused(other, await devAccount(9).signMessage({ message: other }), "SIWE_SIGNATURE_INVALID");
  });
});

// solc ships no types; only its compile() is used.
const solc: { compile(input: string): string } = createRequire(import.meta.url)("solc");

const WALLET_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
/// A minimal ERC-1271 wallet for tests: a signature is valid when its single owner made it.
contract TestWallet1271 {
  address private immutable _owner;
  constructor(address owner_) { _owner = owner_; }
  function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
    if (signature.length != 65) return 0xffffffff;
    bytes32 r = bytes32(signature[0:32]);
    bytes32 s = bytes32(signature[32:64]);
    uint8 v = uint8(signature[64]);
    return ecrecover(hash, v, r, s) == _owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
  }
}`;

async function deployErc1271Wallet(platform: TestPlatform, owner: Address): Promise<Address> {
  const output = JSON.parse(solc.compile(JSON.stringify({
    language: "Solidity",
    sources: { "TestWallet1271.sol": { content: WALLET_SOURCE } },
    settings: { outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  })));
  const contract = output.contracts["TestWallet1271.sol"].TestWallet1271;
  const deployer = devAccount(9);
  const client = createWalletClient({ account: deployer, transport: http(platform.chain.rpcUrl) });
  const hash = await client.deployContract({ abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}`, args: [owner], chain: null });
  const receipt = await createPublicClient({ transport: http(platform.chain.rpcUrl) }).waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress!);
}
