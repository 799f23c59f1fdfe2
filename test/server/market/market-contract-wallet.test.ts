import { afterAll, beforeAll, expect, it } from "vitest";
import { createWalletClient, encodeFunctionData, getAddress, http, keccak256, toHex, type Abi, type Address, type Hex } from "viem";
import { identityRegistryAbi, securityTokenAbi } from "../../../deployments/abi/index.ts";
import type { MarketOrder } from "../../../lib/market/order.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { describeEachDatabase } from "../../support/databases.ts";
import { buildSiweMessage, devAccount, requestNonce, SIGN_IN } from "../../support/sign-in.ts";
import { BUYER, E18, PLACE, startMarketPlatform, TOKEN_OWNER, type MarketPlatform } from "./market-fixture.ts";

const PRICE = 2_500_000n;
/** The key behind the contract wallet (ERC-1271: the wallet accepts what this key signs), and a stranger's. */
const WALLET_OWNER = 8;
const STRANGER = 9;

describeEachDatabase("market: a contract wallet (ERC-1271) as maker", (kind) => {
  let f: MarketPlatform;
  let wallet: Address;
  let walletAbi: Abi;
  let session: Record<string, string>;

  beforeAll(async () => {
    f = await startMarketPlatform(kind);
    const artifact = readArtifact("MarketERC1271WalletMock");
    walletAbi = artifact.abi;
    const deployer = devAccount(WALLET_OWNER);
    const client = createWalletClient({ account: deployer, transport: http(f.platform.chain.rpcUrl) });
    const hash = await client.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [deployer.address], chain: null });
    wallet = getAddress((await f.publicClient.waitForTransactionReceipt({ hash })).contractAddress!);

    // A verified investor whose wallet is the contract: it holds tokens and lets the Settlement move them.
    const validUntil = (await f.chainTime()) + 3650n * 86_400n;
    await f.write(TOKEN_OWNER, f.registry, identityRegistryAbi, "registerInvestor", [keccak256(toHex("market-test:contract-wallet")), wallet, 276, validUntil, 0]);
    await f.write(TOKEN_OWNER, f.token, securityTokenAbi, "transfer", [wallet, 20n * E18]);
    await walletExecute(f.token, encodeFunctionData({ abi: securityTokenAbi, functionName: "approve", args: [f.settlement, 20n * E18] }));

    // Signing in as the contract: the server's SIWE check asks the wallet (ERC-1271) about the owner's signature.
    const message = buildSiweMessage(f.platform, deployer, await requestNonce(f.platform), { address: wallet });
    const signedIn = await f.platform.gql(SIGN_IN, { message, signature: await deployer.signMessage({ message }) });
    if (!signedIn.data?.signIn) throw new Error(`contract wallet sign-in failed: ${JSON.stringify(signedIn.errors)}`);
    expect(signedIn.data.signIn.address).toBe(wallet);
    session = { authorization: `Bearer ${signedIn.data.signIn.token}` };
  }, 240_000);
  afterAll(() => f?.close());

  /** Runs `data` on `target` as the contract wallet (its owner calls execute). */
  const walletExecute = (target: Address, data: Hex) => f.write(WALLET_OWNER, wallet, walletAbi, "execute", [target, data]);

  /** A sell order of the contract wallet, and the signature of `signer` over it. */
  async function walletOrder(signer = WALLET_OWNER): Promise<{ order: MarketOrder; signature: Hex }> {
    const order = await f.order(WALLET_OWNER, "sell", E18, PRICE, { maker: wallet });
    return { order, signature: await f.sign(order, devAccount(signer).address) };
  }

  const placeAsWallet = ({ order, signature }: { order: MarketOrder; signature: Hex }) => f.platform.gql(PLACE, f.input(order, signature), session);

  /** Expects MARKET_INVALID_SIGNATURE, with the same rows in every market table and the same book before and after. */
  async function refusedSignature(signed: { order: MarketOrder; signature: Hex }) {
    const before = { counts: await f.counts(), book: await f.book() };
    const result = await placeAsWallet(signed);
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe("MARKET_INVALID_SIGNATURE");
    expect(result.data).toBeNull();
    expect({ counts: await f.counts(), book: await f.book() }).toEqual(before);
    const { rows } = await f.platform.db.query(`select 1 from market_orders where maker = $1`, [wallet]);
    expect(rows).toEqual([]);
  }

  it("refuses an order of the contract wallet signed by a key the wallet does not accept, storing nothing", async () => {
    // The stranger's ECDSA signature recovers to the stranger, not to the maker: only the wallet's answer could pass it.
    await refusedSignature(await walletOrder(STRANGER));
  });

  it("refuses the owner's signature while the wallet has revoked it: the intake asks the wallet, not the key", async () => {
    await f.write(WALLET_OWNER, wallet, walletAbi, "setAccepting", [false]);
    try {
      await refusedSignature(await walletOrder());
    } finally {
      await f.write(WALLET_OWNER, wallet, walletAbi, "setAccepting", [true]);
    }
  });

  it("places an order the contract wallet's isValidSignature accepts, and it settles on chain from the wallet", async () => {
    const signed = await walletOrder();
    const placed = await placeAsWallet(signed);
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeOrder.order).toMatchObject({ status: "OPEN", side: "SELL", amount: E18.toString(), remaining: E18.toString() });
    expect((await f.book()).asks).toEqual([{ price: PRICE.toString(), amount: E18.toString(), orders: 1 }]);

    // The Settlement checks the same signature through the wallet when the trade settles.
    const walletTokens = await f.tokenOf(wallet);
    const walletCash = await f.cashOf(wallet);
    const buy = await f.placeOk(await f.order(BUYER, "buy", E18, PRICE));
    expect(buy.trades).toHaveLength(1);
    expect(buy.trades[0].makerOrder).toBe(placed.data.placeOrder.order.hash);
    const moved = await f.settle(buy.trades);
    expect(moved.confirmed).toBe(1);
    expect(await f.tokenOf(wallet)).toBe(walletTokens - E18);
    expect(await f.cashOf(wallet)).toBe(walletCash + PRICE);
    expect(await f.remainingOnChain(signed.order)).toBe(0n);
  }, 120_000);
});
