// The issuer's day-to-day chores on a Folio security token: mint (one wallet or a CSV file), burn, agents and their
// permissions, freezes, pause, documents. Every task finds the token by address or symbol through the TokenFactory,
// checks that the signer may do the chore before sending anything, and says which account signs.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { hexToString, isHex, type Abi, type Address, type Hex } from "viem";
import { readArtifact } from "../lib/artifacts";
import { documentName } from "../lib/security-token";
import { parseMintCsv, type MintRow } from "./mint-csv";
import {
  findToken,
  parseAmount,
  parsePermissions,
  parseWallet,
  permissionNames,
  requireOwner,
  requirePermission,
  say,
  sendTokenCall,
  taskClients,
  type TaskClients,
  type TokenHandle,
} from "./task-context";
import { TaskError } from "./task-error";

interface TokenArgs {
  token: string;
  factory?: string;
  signer?: string;
}

/** Declares the parameters every token task takes: --token, --factory, --signer. */
function tokenTask(name: string, description: string) {
  return task(name, description)
    .addParam("token", "the token: its address or its symbol (found through the TokenFactory)")
    .addOptionalParam("factory", "TokenFactory address (default: from deployments/<chainId>.json)")
    .addOptionalParam("signer", "the account that signs: an address or an index among the network's accounts (default: the first)");
}

async function open(args: TokenArgs, hre: HardhatRuntimeEnvironment): Promise<{ clients: TaskClients; token: TokenHandle }> {
  const clients = await taskClients(hre, args.signer);
  const token = await findToken(clients, args.token, args.factory);
  return { clients, token };
}

/** Refuses a wallet the token's identity registry does not verify: the token would refuse to mint to it. */
async function unverifiedWallets(clients: TaskClients, token: TokenHandle, wallets: Address[]): Promise<Set<Address>> {
  const registry = await token.read<Address>("identityRegistry");
  const abi = readArtifact("IdentityRegistry").abi as Abi;
  const verified = await Promise.all(
    wallets.map((wallet) => clients.publicClient.readContract({ address: registry, abi, functionName: "isVerified", args: [wallet] }) as Promise<boolean>),
  );
  return new Set(wallets.filter((_, i) => !verified[i]));
}

tokenTask("token:mint", "Mints tokens to one verified wallet (agent with MINT)")
  .addParam("to", "the receiving wallet")
  .addParam("amount", "tokens to mint, e.g. 1500 or 12.5")
  .setAction(async (args: TokenArgs & { to: string; amount: string }, hre) => {
    const { clients, token } = await open(args, hre);
    const to = parseWallet(args.to, "--to");
    const amount = parseAmount(args.amount, token.decimals);
    if ((await unverifiedWallets(clients, token, [to])).size) {
      throw new TaskError("WALLET_NOT_VERIFIED", `${to} is not a verified investor wallet in ${token.symbol}'s identity registry: register it first (investors:register)`);
    }
    await requirePermission(clients, token, "MINT");
    return sendTokenCall(clients, token, "mint", [to, amount], `Minted ${token.format(amount)} to ${to}`);
  });

tokenTask("token:mint-batch", "Mints to many wallets from a CSV file with the header wallet,amount (agent with MINT)")
  .addParam("file", "CSV file: wallet,amount (amounts in tokens)")
  .addOptionalParam("batch", "rows per transaction", 100, types.int)
  .setAction(async (args: TokenArgs & { file: string; batch: number }, hre) => {
    if (!Number.isInteger(args.batch) || args.batch < 1 || args.batch > 500) {
      throw new TaskError("BATCH_INVALID", `--batch must be a whole number from 1 to 500, got ${args.batch}`);
    }
    if (!fs.existsSync(args.file)) throw new TaskError("FILE_NOT_FOUND", `No file at ${args.file}`);
    const { clients, token } = await open(args, hre);
    const rows = parseMintCsv(fs.readFileSync(args.file, "utf8"), token.decimals);
    const unverified = await unverifiedWallets(clients, token, rows.map((r) => r.wallet));
    if (unverified.size) {
      const lines = rows.filter((r) => unverified.has(r.wallet)).map((r) => `line ${r.line}: wallet ${r.wallet} is not verified in ${token.symbol}'s identity registry`);
      throw new TaskError("CSV_INVALID", `Nothing was sent; fix these rows:\n${lines.join("\n")}`);
    }
    await requirePermission(clients, token, "MINT");
    const total = rows.reduce((sum, r) => sum + r.amount, 0n);
    say(`Minting ${token.format(total)} to ${rows.length} wallets in ${Math.ceil(rows.length / args.batch)} transactions`);
    let done = 0;
    for (let i = 0; i < rows.length; i += args.batch) {
      const batch: MintRow[] = rows.slice(i, i + args.batch);
      await sendTokenCall(clients, token, "batchMint", [batch.map((r) => r.wallet), batch.map((r) => r.amount)],
        `Minted rows ${done + 1}-${done + batch.length} of ${rows.length} (lines ${batch[0]!.line}-${batch.at(-1)!.line})`);
      done += batch.length;
    }
    return done;
  });

tokenTask("token:burn", "Burns tokens from a wallet (agent with BURN)")
  .addParam("wallet", "the wallet to burn from")
  .addParam("amount", "tokens to burn, e.g. 100 or 2.5")
  .setAction(async (args: TokenArgs & { wallet: string; amount: string }, hre) => {
    const { clients, token } = await open(args, hre);
    const wallet = parseWallet(args.wallet, "--wallet");
    const amount = parseAmount(args.amount, token.decimals);
    const balance = await token.read<bigint>("balanceOf", [wallet]);
    if (balance < amount) throw new TaskError("INSUFFICIENT_BALANCE", `${wallet} holds ${token.format(balance)}, less than ${token.format(amount)}`);
    await requirePermission(clients, token, "BURN");
    return sendTokenCall(clients, token, "burn", [wallet, amount], `Burned ${token.format(amount)} from ${wallet}`);
  });

tokenTask("token:add-agent", "Makes an address an agent of the token, or adds permissions to an agent (owner)")
  .addParam("agent", "the agent's address")
  .addParam("permissions", "comma-separated: MINT, BURN, FREEZE, FORCED_TRANSFER, RECOVERY, PAUSE, DOCUMENTS, RULES, DISTRIBUTION, or ALL")
  .setAction(async (args: TokenArgs & { agent: string; permissions: string }, hre) => {
    const agent = parseWallet(args.agent, "--agent");
    const added = parsePermissions(args.permissions);
    const { clients, token } = await open(args, hre);
    await requireOwner(clients, token);
    const before = Number(await token.read<number>("agentPermissions", [agent]));
    const after = before | added;
    if (after === before) {
      say(`${agent} already holds ${permissionNames(after)} on ${token.symbol}: nothing sent`);
      return undefined;
    }
    return sendTokenCall(clients, token, "setAgentPermissions", [agent, after], `${agent} is an agent of ${token.symbol} with ${permissionNames(after)}`);
  });

tokenTask("token:remove-agent", "Removes permissions from an agent, or the agent altogether without --permissions (owner)")
  .addParam("agent", "the agent's address")
  .addOptionalParam("permissions", "the permissions to take away (default: all of them, so the address is no agent)")
  .setAction(async (args: TokenArgs & { agent: string; permissions?: string }, hre) => {
    const agent = parseWallet(args.agent, "--agent");
    const removed = args.permissions === undefined ? 0xffff : parsePermissions(args.permissions);
    const { clients, token } = await open(args, hre);
    await requireOwner(clients, token);
    const before = Number(await token.read<number>("agentPermissions", [agent]));
    if (before === 0) throw new TaskError("NOT_AN_AGENT", `${agent} is not an agent of ${token.symbol}`);
    const after = before & ~removed;
    if (after === before) {
      say(`${agent} holds none of those permissions on ${token.symbol} (it holds ${permissionNames(before)}): nothing sent`);
      return undefined;
    }
    return sendTokenCall(clients, token, "setAgentPermissions", [agent, after],
      after === 0 ? `${agent} is no longer an agent of ${token.symbol}` : `${agent} now holds ${permissionNames(after)} on ${token.symbol}`);
  });

async function freezeAction(freeze: boolean, args: TokenArgs & { wallet: string; amount?: string }, hre: HardhatRuntimeEnvironment) {
  const { clients, token } = await open(args, hre);
  const wallet = parseWallet(args.wallet, "--wallet");
  const amount = args.amount === undefined ? undefined : parseAmount(args.amount, token.decimals);
  if (amount === undefined) {
    if ((await token.read<boolean>("isFrozen", [wallet])) === freeze) {
      say(`${wallet} is already ${freeze ? "frozen" : "unfrozen"} on ${token.symbol}: nothing sent`);
      return undefined;
    }
    await requirePermission(clients, token, "FREEZE");
    return sendTokenCall(clients, token, "setAddressFrozen", [wallet, freeze], `${wallet} is ${freeze ? "frozen" : "unfrozen"} on ${token.symbol}`);
  }
  const [balance, frozen] = await Promise.all([token.read<bigint>("balanceOf", [wallet]), token.read<bigint>("getFrozenTokens", [wallet])]);
  if (freeze && frozen + amount > balance) {
    throw new TaskError("AMOUNT_TOO_LARGE", `${wallet} holds ${token.format(balance)} of which ${token.format(frozen)} are frozen: cannot freeze ${token.format(amount)} more`);
  }
  if (!freeze && amount > frozen) throw new TaskError("AMOUNT_TOO_LARGE", `${wallet} has ${token.format(frozen)} frozen, less than ${token.format(amount)}`);
  await requirePermission(clients, token, "FREEZE");
  return sendTokenCall(clients, token, freeze ? "freezePartialTokens" : "unfreezePartialTokens", [wallet, amount],
    `${freeze ? "Froze" : "Unfroze"} ${token.format(amount)} of ${wallet}`);
}

tokenTask("token:freeze", "Freezes a wallet, or with --amount part of its tokens (agent with FREEZE)")
  .addParam("wallet", "the wallet")
  .addOptionalParam("amount", "tokens to freeze (default: the whole wallet, which can then neither send nor receive)")
  .setAction((args, hre) => freezeAction(true, args, hre));

tokenTask("token:unfreeze", "Unfreezes a wallet, or with --amount part of its frozen tokens (agent with FREEZE)")
  .addParam("wallet", "the wallet")
  .addOptionalParam("amount", "frozen tokens to release (default: the wallet's own freeze)")
  .setAction((args, hre) => freezeAction(false, args, hre));

async function pauseAction(pause: boolean, args: TokenArgs, hre: HardhatRuntimeEnvironment) {
  const { clients, token } = await open(args, hre);
  if ((await token.read<boolean>("paused")) === pause) {
    say(`${token.symbol} is already ${pause ? "paused" : "running"}: nothing sent`);
    return undefined;
  }
  await requirePermission(clients, token, "PAUSE");
  return sendTokenCall(clients, token, pause ? "pause" : "unpause", [], pause ? `${token.symbol} is paused: no transfers until token:unpause` : `${token.symbol} is running again`);
}

tokenTask("token:pause", "Pauses every transfer of the token (agent with PAUSE)").setAction((args, hre) => pauseAction(true, args, hre));
tokenTask("token:unpause", "Lets transfers of the token run again (agent with PAUSE)").setAction((args, hre) => pauseAction(false, args, hre));

tokenTask("token:set-document", "Sets a document (ERC-1643): its name, URI and the SHA-256 of its file (agent with DOCUMENTS)")
  .addParam("name", "document name, up to 32 bytes (e.g. prospectus)")
  .addParam("uri", "where the document can be read (https://, ipfs://)")
  .addOptionalParam("file", "the document's file: its SHA-256 is recorded on chain")
  .addOptionalParam("hash", "the SHA-256 as 0x + 64 hex digits, instead of --file")
  .setAction(async (args: TokenArgs & { name: string; uri: string; file?: string; hash?: string }, hre) => {
    const name = documentNameOf(args.name);
    if (!args.uri.trim()) throw new TaskError("DOCUMENT_INVALID", "--uri is empty");
    if ((args.file === undefined) === (args.hash === undefined)) throw new TaskError("DOCUMENT_INVALID", "Pass either --file (hashed with SHA-256) or --hash");
    let hash: Hex;
    if (args.file !== undefined) {
      if (!fs.existsSync(args.file)) throw new TaskError("FILE_NOT_FOUND", `No file at ${args.file}`);
      hash = `0x${createHash("sha256").update(fs.readFileSync(args.file)).digest("hex")}`;
      say(`SHA-256 of ${args.file}: ${hash}`);
    } else {
      if (!isHex(args.hash) || args.hash!.length !== 66) throw new TaskError("DOCUMENT_INVALID", `--hash "${args.hash}" is not 0x + 64 hex digits`);
      hash = args.hash as Hex;
    }
    const { clients, token } = await open(args, hre);
    await requirePermission(clients, token, "DOCUMENTS");
    return sendTokenCall(clients, token, "setDocument", [name, args.uri.trim(), hash], `Document "${args.name}" of ${token.symbol} points to ${args.uri.trim()}`);
  });

tokenTask("token:remove-document", "Removes a document (agent with DOCUMENTS)")
  .addParam("name", "document name")
  .setAction(async (args: TokenArgs & { name: string }, hre) => {
    const name = documentNameOf(args.name);
    const { clients, token } = await open(args, hre);
    const names = await token.read<Hex[]>("getAllDocuments");
    if (!names.includes(name)) {
      const known = names.map((n) => hexToString(n, { size: 32 }).replace(/\0+$/, ""));
      throw new TaskError("DOCUMENT_UNKNOWN", `${token.symbol} has no document "${args.name}" (it has: ${known.length ? known.join(", ") : "none"})`);
    }
    await requirePermission(clients, token, "DOCUMENTS");
    return sendTokenCall(clients, token, "removeDocument", [name], `Document "${args.name}" removed from ${token.symbol}`);
  });

function documentNameOf(text: string): Hex {
  if (!text?.trim()) throw new TaskError("DOCUMENT_INVALID", "--name is empty");
  try {
    return documentName(text.trim());
  } catch (error) {
    throw new TaskError("DOCUMENT_INVALID", (error as Error).message);
  }
}
