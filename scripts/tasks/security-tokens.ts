import fs from "node:fs";
import { task, types } from "hardhat/config";
import { getAddress, isHex, type Abi, type Hex } from "viem";
import { readArtifact } from "../lib/artifacts";
import { parseCountryList } from "../../lib/countries";
import { batches, parseInvestorCsv } from "../lib/investor-csv";
import { AgentPermission, documentName, issueToken, ZERO_ADDRESS, type TokenConfig } from "../lib/security-token";
import { deployedAddress, say, taskClients } from "./task-context";

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
  .addOptionalParam("countries", "ISO 3166-1 alpha-2 or numeric codes, comma-separated (DE,250)", "")
  .addFlag("accreditedOnly", "only accredited investors may receive")
  .addOptionalParam("maxInvestors", "maximum number of investors (0: none)", 0, types.int)
  .addOptionalParam("maxBalance", "maximum balance per investor in base units (0: none)", "0")
  .addOptionalParam("documents", "documents as name|uri|0xhash, separated by ;", "")
  .addOptionalParam("factory", "TokenFactory address (default: from deployments/<chainId>.json)")
  .setAction(async (args, hre) => {
    const { publicClient, walletClient, account, chainId, network } = await taskClients(hre);
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
        countries: parseCountryList(args.countries),
        accreditedOnly: Boolean(args.accreditedOnly),
        maxInvestors: args.maxInvestors,
        maxBalance: BigInt(args.maxBalance),
      },
      documents: documentList(args.documents),
      agents: [{ agent, permissions: AgentPermission.ALL }],
    };
    const factory = deployedAddress(chainId, "TokenFactory", args.factory);
    say(`Signing as ${account} (issuer) on ${network}; ${args.symbol} will be owned by ${owner}`);
    const { token, gasUsed } = await issueToken({ publicClient, walletClient, factory, config });
    say(`Issued ${args.symbol} at ${token} (gas ${gasUsed}); tasks and the server find it by its symbol`);
    return token;
  });

task("investors:register", "Registers investors from a CSV file (investor,wallet,country,kyc_valid_until,flags)")
  .addParam("file", "CSV file")
  .addOptionalParam("batch", "investors per transaction", 100, types.int)
  .addOptionalParam("registry", "IdentityRegistry address (default: from deployments/<chainId>.json)")
  .setAction(async (args, hre) => {
    const { publicClient, walletClient, account, chainId, network } = await taskClients(hre);
    const rows = parseInvestorCsv(fs.readFileSync(args.file, "utf8"));
    const registry = deployedAddress(chainId, "IdentityRegistry", args.registry);
    const abi = readArtifact("IdentityRegistry").abi as Abi;
    say(`Signing as ${account} (KYC agent of the registry ${registry}) on ${network}`);
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
      say(`Registered ${done}/${rows.length} investors (tx ${hash}, gas ${receipt.gasUsed})`);
    }
    return done;
  });
