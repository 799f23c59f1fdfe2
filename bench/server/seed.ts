import { encodeFunctionData, erc20Abi, keccak256, numberToHex, parseAbi, toHex, type Address, type Hex } from "viem";
import { DEV_MNEMONIC } from "../../scripts/lib/local-chain.ts";
import { mnemonicToAccount } from "viem/accounts";

const registryAbi = parseAbi([
  "function batchRegisterInvestors(bytes32[] investorIds, address[] wallets, uint16[] countries, uint64[] kycValidUntils, uint8[] flags)",
  "function addAgent(address agent)",
  "function isAgent(address agent) view returns (bool)",
]);

export interface SeedResult {
  wallets: Address[];
  transfers: number;
  /** The block at the middle of the seeding: a record date with half the history behind it. */
  middleBlock: number;
  seconds: number;
}

/** Deterministic pseudo-random numbers, so every run seeds the same history. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

/**
 * Seeds the chain honestly, with real ERC-20 transfers over JSON-RPC: the issuer sends to every investor wallet, then
 * investors trade among themselves. Anvil signs (impersonation) and mines many transactions per block, which is what
 * makes 100,000 transfers take a minute instead of an hour.
 */
export async function seedChain(options: {
  rpcUrl: string;
  token: Address;
  registry?: Address;
  investors: number;
  transfers: number;
  log: (line: string) => void;
}): Promise<SeedResult> {
  const started = performance.now();
  let id = 0;
  const call = async (requests: { method: string; params: unknown[] }[]) => {
    const body = requests.map((r) => ({ jsonrpc: "2.0", id: ++id, ...r }));
    const response = await fetch(options.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const parsed = (await response.json()) as { result?: unknown; error?: { message: string } }[] | { error?: { message: string } };
    if (!Array.isArray(parsed)) throw new Error(`JSON-RPC batch refused: ${parsed.error?.message ?? JSON.stringify(parsed)}`);
    const answers = parsed;
    const failed = answers.find((a) => a.error);
    if (failed) throw new Error(`JSON-RPC failed: ${failed.error!.message}`);
    return answers.map((a) => a.result);
  };
  const one = async (method: string, params: unknown[] = []) => (await call([{ method, params }]))[0];

  const issuer = mnemonicToAccount(DEV_MNEMONIC).address;
  const wallets = Array.from({ length: options.investors }, (_, i) => `0x${keccak256(toHex(`folio-bench-wallet-${i}`)).slice(26)}` as Address);
  await one("anvil_setBlockGasLimit", [numberToHex(2_000_000_000)]);
  await one("anvil_autoImpersonateAccount", [true]);
  for (let i = 0; i < wallets.length; i += 1000) {
    await call(wallets.slice(i, i + 1000).map((w) => ({ method: "anvil_setBalance", params: [w, numberToHex(10n ** 20n)] })));
  }

  // Explicit nonces: with automine off, anvil would give every transaction of one batch the same pending nonce.
  const nonces = new Map<string, number>([[issuer, Number(await one("eth_getTransactionCount", [issuer, "pending"]))]]);
  const send = (from: Address, to: Address, data: Hex) => {
    const nonce = nonces.get(from) ?? 0;
    nonces.set(from, nonce + 1);
    return { method: "eth_sendTransaction", params: [{ from, to, data, gas: numberToHex(400_000), nonce: numberToHex(nonce) }] };
  };
  const sendAndMine = async (txs: ReturnType<typeof send>[], perBlock = 500) => {
    await one("evm_setAutomine", [false]);
    for (let i = 0; i < txs.length; i += perBlock) {
      await call(txs.slice(i, i + perBlock));
      await one("evm_mine");
    }
    await one("evm_setAutomine", [true]);
  };

  if (options.registry) {
    const isAgent = await one("eth_call", [{ to: options.registry, data: encodeFunctionData({ abi: registryAbi, functionName: "isAgent", args: [issuer] }) }, "latest"]);
    if (BigInt(isAgent as Hex) === 0n) {
      await sendAndMine([send(issuer, options.registry, encodeFunctionData({ abi: registryAbi, functionName: "addAgent", args: [issuer] }))]);
    }
    const txs = [];
    for (let i = 0; i < wallets.length; i += 200) {
      const chunk = wallets.slice(i, i + 200);
      const ids = chunk.map((w) => keccak256(toHex(`folio-bench-investor-${w}`)));
      txs.push(send(issuer, options.registry, encodeFunctionData({
        abi: registryAbi, functionName: "batchRegisterInvestors",
        args: [ids, chunk, chunk.map(() => 250), chunk.map(() => 4_102_444_800n), chunk.map(() => 1)],
      })));
    }
    // Large calldata (200 wallets each): a few per JSON-RPC request keeps each request small.
    await sendAndMine(txs.map((t) => ({ ...t, params: [{ ...t.params[0], gas: numberToHex(30_000_000) }] })), 5);
    options.log(`registered ${wallets.length} investors in the identity registry`);
  }

  const transfer = (to: Address, amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] });
  const unit = 10n ** 18n;
  const txs = wallets.map((w) => send(issuer, options.token, transfer(w, 50n * unit)));
  const rand = random(42);
  for (let i = txs.length; i < options.transfers; i++) {
    const from = wallets[Math.floor(rand() * wallets.length)]!;
    let to = wallets[Math.floor(rand() * wallets.length)]!;
    if (to === from) to = wallets[(wallets.indexOf(from) + 1) % wallets.length]!;
    txs.push(send(from, options.token, transfer(to, BigInt(1 + Math.floor(rand() * 100)) * 10n ** 15n)));
  }
  const half = Math.floor(txs.length / 2);
  await sendAndMine(txs.slice(0, half));
  const middleBlock = Number(await one("eth_blockNumber"));
  options.log(`sent ${half} transfers (block ${middleBlock})`);
  await sendAndMine(txs.slice(half));
  const seconds = (performance.now() - started) / 1000;
  return { wallets, transfers: txs.length, middleBlock, seconds };
}
