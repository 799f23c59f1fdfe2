import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  createPublicClient,
  createWalletClient,
  custom,
  formatUnits,
  getAddress,
  isAddress,
  parseUnits,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { readArtifact } from "../lib/artifacts";
import { DEPLOYMENTS_DIR, readDeployment } from "../lib/deployment";
import { AgentPermission } from "../lib/security-token";
import { TaskError } from "./task-error";

/**
 * Agent permission bits by name, as the token's `setAgentPermissions` takes them. DISTRIBUTION (256) lets an agent
 * fund, reclaim and push income distributions; ALL is every bit the token accepts.
 */
export const PERMISSION_NAMES: Record<string, number> = {
  MINT: AgentPermission.MINT,
  BURN: AgentPermission.BURN,
  FREEZE: AgentPermission.FREEZE,
  FORCED_TRANSFER: AgentPermission.FORCED_TRANSFER,
  RECOVERY: AgentPermission.RECOVERY,
  PAUSE: AgentPermission.PAUSE,
  DOCUMENTS: AgentPermission.DOCUMENTS,
  RULES: AgentPermission.RULES,
  DISTRIBUTION: 256,
};

/** `"MINT,burn"` → 3; `"ALL"` → every bit the token accepts. Unknown names are refused. */
export function parsePermissions(text: string): number {
  const names = text.split(/[,|]/).map((n) => n.trim().toUpperCase()).filter(Boolean);
  if (names.length === 0) throw new TaskError("PERMISSIONS_INVALID", `--permissions is empty: name one or more of ${permissionList()}, or ALL`);
  let bits = 0;
  for (const name of names) {
    if (name === "ALL") bits |= AgentPermission.ALL;
    else if (PERMISSION_NAMES[name] !== undefined) bits |= PERMISSION_NAMES[name]!;
    else throw new TaskError("PERMISSIONS_INVALID", `Unknown permission "${name}": use ${permissionList()}, or ALL`);
  }
  return bits;
}

/** 5 → "MINT, FREEZE"; 0 → "none". */
export function permissionNames(bits: number): string {
  const names = Object.entries(PERMISSION_NAMES).filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name);
  return names.length ? names.join(", ") : "none";
}

const permissionList = () => Object.keys(PERMISSION_NAMES).join(", ");

/** A whole or decimal number of tokens ("1500", "12.5") in base units; refuses more decimals than the token has. */
export function parseAmount(text: string, decimals: number, what = "--amount"): bigint {
  const value = String(text ?? "").trim();
  if (!/^\d+(\.\d+)?$/.test(value)) throw new TaskError("AMOUNT_INVALID", `${what} "${value}" is not a number of tokens`);
  const fraction = value.split(".")[1] ?? "";
  if (fraction.length > decimals) throw new TaskError("AMOUNT_INVALID", `${what} "${value}" has more than ${decimals} decimals`);
  const amount = parseUnits(value, decimals);
  if (amount === 0n) throw new TaskError("AMOUNT_INVALID", `${what} must be more than 0`);
  return amount;
}

export function parseWallet(text: string | undefined, what: string): Address {
  if (!text || !isAddress(text, { strict: false })) throw new TaskError("ADDRESS_INVALID", `${what} "${text ?? ""}" is not an address`);
  return getAddress(text);
}

/** The deployment folder tasks read: the one `npm start` writes (FOLIO_DEPLOYMENTS_DIR when set). */
export const deploymentsDir = () => process.env.FOLIO_DEPLOYMENTS_DIR ?? DEPLOYMENTS_DIR;

/** A contract of the deployment on this chain, or the address passed to override it. */
export function deployedAddress(chainId: number, name: string, override?: string): Address {
  if (override) return parseWallet(override, `--${name === "TokenFactory" ? "factory" : name.toLowerCase()}`);
  const entry = readDeployment(chainId, deploymentsDir())?.contracts[name];
  if (!entry) {
    throw new TaskError("NOT_DEPLOYED", `No ${name} in ${deploymentsDir()}/${chainId}.json: deploy first (npm start or npm run deploy) or pass its address`);
  }
  return entry.address;
}

export type TaskClients = Awaited<ReturnType<typeof taskClients>>;

/**
 * Clients on the task's network that send as `signer` (an address or an index among the network's accounts; the
 * first account by default).
 */
export async function taskClients(hre: HardhatRuntimeEnvironment, signer?: string) {
  const transport = custom(hre.network.provider);
  const publicClient = createPublicClient({ transport });
  const accounts = ((await hre.network.provider.request({ method: "eth_accounts" })) as Address[]).map((a) => getAddress(a));
  if (accounts.length === 0) throw new TaskError("NO_ACCOUNT", `Network ${hre.network.name} has no account to send with (set FOLIO_DEPLOYER_KEY)`);
  let account = accounts[0]!;
  if (signer !== undefined && signer !== "") {
    if (/^\d+$/.test(signer)) {
      account = accounts[Number(signer)] ?? fail("SIGNER_UNKNOWN", `--signer ${signer}: network ${hre.network.name} has ${accounts.length} accounts`);
    } else {
      const wanted = parseWallet(signer, "--signer");
      account = accounts.find((a) => a === wanted) ?? fail("SIGNER_UNKNOWN", `--signer ${wanted} is not an account of network ${hre.network.name}`);
    }
  }
  const walletClient = createWalletClient({ account, transport });
  const chainId = await publicClient.getChainId();
  return { publicClient, walletClient, account, chainId, network: hre.network.name };
}

function fail(code: string, message: string): never {
  throw new TaskError(code, message);
}

/** The token ABI with the errors its linked library reverts with, so reverts decode to their names. */
function tokenAbi(): Abi {
  const errors = (readArtifact("SecurityTokenOps").abi as Abi).filter((item) => item.type === "error");
  return [...(readArtifact("SecurityToken").abi as Abi), ...errors];
}

export interface TokenHandle {
  address: Address;
  symbol: string;
  decimals: number;
  abi: Abi;
  read<T>(functionName: string, args?: readonly unknown[]): Promise<T>;
  /** Base units as tokens with the symbol: 1500500000000000000000n → "1500.5 TSK". */
  format(amount: bigint): string;
}

/**
 * Finds a token issued through Folio's TokenFactory by address or by symbol. The factory keeps the list of every
 * token it issued, so a token issued after the deployment file was written is found without editing any file; an
 * address the factory did not issue is refused.
 */
export async function findToken(clients: TaskClients, token: string, factoryOverride?: string): Promise<TokenHandle> {
  const { publicClient, chainId } = clients;
  const factory = deployedAddress(chainId, "TokenFactory", factoryOverride);
  const factoryAbi = readArtifact("TokenFactory").abi as Abi;
  const issued = (await publicClient.readContract({ address: factory, abi: factoryAbi, functionName: "tokens" })) as Address[];
  const abi = tokenAbi();
  const read = <T>(address: Address, functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address, abi, functionName, args }) as Promise<T>;

  let address: Address;
  const wanted = String(token ?? "").trim();
  if (!wanted) throw new TaskError("TOKEN_UNKNOWN", "--token is required: a token address or symbol");
  if (isAddress(wanted, { strict: false })) {
    address = issued.find((t) => t.toLowerCase() === wanted.toLowerCase()) ??
      fail("TOKEN_UNKNOWN", `${getAddress(wanted)} was not issued by Folio's TokenFactory at ${factory}`);
  } else {
    const symbols = await Promise.all(issued.map((t) => read<string>(t, "symbol")));
    const exact = issued.filter((_, i) => symbols[i] === wanted);
    const matches = exact.length ? exact : issued.filter((_, i) => symbols[i]!.toLowerCase() === wanted.toLowerCase());
    if (matches.length === 0) {
      fail("TOKEN_UNKNOWN", `No token with symbol "${wanted}" issued by the TokenFactory at ${factory}` +
        (symbols.length ? ` (issued: ${[...new Set(symbols)].join(", ")})` : " (it has issued none)"));
    }
    if (matches.length > 1) fail("TOKEN_AMBIGUOUS", `Symbol "${wanted}" names ${matches.length} tokens (${matches.join(", ")}): pass --token <address>`);
    address = matches[0]!;
  }
  const [symbol, decimals] = await Promise.all([read<string>(address, "symbol"), read<number>(address, "decimals")]);
  return {
    address,
    symbol,
    decimals: Number(decimals),
    abi,
    read: (functionName, args) => read(address, functionName, args),
    format: (amount) => `${formatUnits(amount, Number(decimals))} ${symbol}`,
  };
}

/** Refuses, before anything is sent, when the signer is not an agent of the token with `permission`. */
export async function requirePermission(clients: TaskClients, token: TokenHandle, permission: keyof typeof PERMISSION_NAMES): Promise<void> {
  const held = Number(await token.read<number>("agentPermissions", [clients.account]));
  const bit = PERMISSION_NAMES[permission]!;
  if ((held & bit) === 0) {
    throw new TaskError("NOT_PERMITTED", `${clients.account} is not an agent of ${token.symbol} with the ${permission} permission ` +
      `(it holds: ${permissionNames(held)}); sign with --signer <agent> or have the owner run token:add-agent`);
  }
  say(`Signing as ${clients.account} (agent of ${token.symbol} with ${permission}) on ${clients.network}`);
}

/** Refuses, before anything is sent, when the signer does not own the token. */
export async function requireOwner(clients: TaskClients, token: TokenHandle): Promise<void> {
  const owner = getAddress(await token.read<Address>("owner"));
  if (owner !== clients.account) {
    throw new TaskError("NOT_OWNER", `${clients.account} does not own ${token.symbol} (its owner is ${owner}); sign with --signer ${owner}`);
  }
  say(`Signing as ${clients.account} (owner of ${token.symbol}) on ${clients.network}`);
}

/** Sends one token call as the signer, waits for it and prints its hash, block and gas. */
export async function sendTokenCall(
  clients: TaskClients,
  token: TokenHandle,
  functionName: string,
  args: readonly unknown[],
  done: string,
): Promise<TransactionReceipt> {
  const hash: Hex = await clients.walletClient.writeContract({
    address: token.address,
    abi: token.abi,
    functionName,
    args,
    account: clients.walletClient.account,
    chain: null,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new TaskError("TRANSACTION_REVERTED", `${token.symbol}.${functionName} reverted (${hash})`);
  say(`${done} (tx ${hash}, block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
  return receipt;
}

/** Progress output of the tasks (one line per step). */
export function say(line: string): void {
  console.log(line);
}
