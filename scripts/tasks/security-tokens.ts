import fs from "node:fs";
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { createPublicClient, createWalletClient, custom, getAddress, isAddress, isHex, type Abi, type Address, type Hex } from "viem";
import { readArtifact } from "../lib/artifacts";
import { readDeployment } from "../lib/deployment";
import { batches, parseInvestorCsv } from "../lib/investor-csv";
import { AgentPermission, documentName, issueToken, ZERO_ADDRESS, type TokenConfig } from "../lib/security-token";

async function clients(hre: HardhatRuntimeEnvironment) {
  const transport = custom(hre.network.provider);
  const publicClient = createPublicClient({ transport });
  const [account] = (await hre.network.provider.request({ method: "eth_accounts" })) as Address[];
  if (!account) throw new Error(`Network ${hre.network.name} has no account to send with (set FOLIO_DEPLOYER_KEY)`);
  const walletClient = createWalletClient({ account, transport });
  const chainId = await publicClient.getChainId();
  return { publicClient, walletClient, account, chainId };
}

function deployedAddress(chainId: number, name: string, override?: string): Address {
  if (override) {
    if (!isAddress(override)) throw new Error(`--${name.toLowerCase()} "${override}" is not an address`);
    return getAddress(override);
  }
  const entry = readDeployment(chainId)?.contracts[name];
  if (!entry) throw new Error(`No ${name} in deployments/${chainId}.json: deploy first (npm run deploy) or pass its address`);
  return entry.address;
}

function countryList(text: string): number[] {
  if (!text) return [];
  return text.split(",").map((c) => {
    const n = Number(c.trim());
    if (!Number.isInteger(n) || n < 1 || n > 999) throw new Error(`Country "${c}" is not an ISO 3166-1 numeric code`);
    return n;
  });
}

/** `name|uri|0xhash;name|uri|0xhash` */
function documentList(text: string): TokenConfig["documents"] {
  if (!text) return [];
  return text.split(";").map((entry) => {
    const [name, uri, hash] = entry.split("|").map((p) => p.trim());
    if (!name || !uri || !hash || !isHex(hash) || hash.length !== 66) {
      throw new Error(`Document "${entry}" must read name|uri|0x<32-byte content hash>`);
    }
    return { name: documentName(name), uri, documentHash: hash as Hex };
  });
}

task("token:issue", "Issues a security token through the TokenFactory, with its rules and documents")
  .addParam("name", "token name")
  .addParam("symbol", "token symbol")
  .addOptionalParam("decimals", "decimals", 18, types.int)
  .addOptionalParam("owner", "token owner (default: the sending account)")
  .addOptionalParam("agent", "an agent that gets every agent permission (default: the owner)")
  .addOptionalParam("countryMode", "none, allow or deny", "none")
  .addOptionalParam("countries", "ISO 3166-1 numeric codes, comma-separated", "")
  .addFlag("accreditedOnly", "only accredited investors may receive")
  .addOptionalParam("maxInvestors", "maximum number of investors (0: none)", 0, types.int)
  .addOptionalParam("maxBalance", "maximum balance per investor in base units (0: none)", "0")
  .addOptionalParam("documents", "documents as name|uri|0xhash, separated by ;", "")
  .addOptionalParam("factory", "TokenFactory address (default: from deployments/<chainId>.json)")
  .setAction(async (args, hre) => {
    const { publicClient, walletClient, account, chainId } = await clients(hre);
    const modes: Record<string, 0 | 1 | 2> = { none: 0, allow: 1, deny: 2 };
    const countryMode = modes[String(args.countryMode)];
    if (countryMode === undefined) throw new Error(`--country-mode must be none, allow or deny`);
    if (!/^\d+$/.test(String(args.maxBalance))) throw new Error(`--max-balance must be a whole number of base units`);
    const owner = args.owner ? getAddress(args.owner) : account;
    const agent = args.agent ? getAddress(args.agent) : owner;
    const config: TokenConfig = {
      name: args.name,
      symbol: args.symbol,
      decimals: args.decimals,
      owner,
      identityRegistry: ZERO_ADDRESS,
      onchainID: ZERO_ADDRESS,
      rules: {
        countryMode,
        countries: countryList(args.countries),
        accreditedOnly: Boolean(args.accreditedOnly),
        maxInvestors: args.maxInvestors,
        maxBalance: BigInt(args.maxBalance),
      },
      documents: documentList(args.documents),
      agents: [{ agent, permissions: AgentPermission.ALL }],
    };
    const factory = deployedAddress(chainId, "TokenFactory", args.factory);
    const { token, gasUsed } = await issueToken({ publicClient, walletClient, factory, config });
    console.log(`Issued ${args.symbol} at ${token} (gas ${gasUsed})`);
    return token;
  });

task("investors:register", "Registers investors from a CSV file (investor,wallet,country,kyc_valid_until,flags)")
  .addParam("file", "CSV file")
  .addOptionalParam("batch", "investors per transaction", 100, types.int)
  .addOptionalParam("registry", "IdentityRegistry address (default: from deployments/<chainId>.json)")
  .setAction(async (args, hre) => {
    const { publicClient, walletClient, chainId } = await clients(hre);
    const rows = parseInvestorCsv(fs.readFileSync(args.file, "utf8"));
    const registry = deployedAddress(chainId, "IdentityRegistry", args.registry);
    const abi = readArtifact("IdentityRegistry").abi as Abi;
    let done = 0;
    for (const batch of batches(rows, args.batch)) {
      const hash = await walletClient.writeContract({
        address: registry,
        abi,
        functionName: "batchRegisterInvestors",
        args: [
          batch.map((r) => r.investorId),
          batch.map((r) => r.wallet),
          batch.map((r) => r.country),
          batch.map((r) => r.kycValidUntil),
          batch.map((r) => r.flags),
        ],
        account: walletClient.account,
        chain: null,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`Batch starting at row ${done + 1} reverted (${hash})`);
      done += batch.length;
      console.log(`Registered ${done}/${rows.length} investors (tx ${hash}, gas ${receipt.gasUsed})`);
    }
    return done;
  });
