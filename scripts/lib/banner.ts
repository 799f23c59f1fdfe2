import { getAddress, type Address } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "./local-chain";

export interface BannerInfo {
  webUrl: string;
  rpcUrl: string;
  chainId: number;
  freshChain: boolean;
  dataDir: string;
  /** Platform admins (FOLIO_ADMIN_ADDRESSES, or dev account #0 by default). */
  admins: readonly Address[];
  /** Compliance officers known at start (they review KYC applications). */
  complianceOfficers: readonly Address[];
  /** The server's agent address, which writes KYC decisions to the registry. */
  kycAgent: Address;
  /** Development defaults in use: the dev agent key (FOLIO_AGENT_KEY unset), the dev master key (FOLIO_MASTER_KEY unset). */
  devDefaults?: { agentKey: boolean; masterKey: boolean };
}

/** Dev accounts #1–#4 play investors; #0 runs the platform; the server signs as #9 unless FOLIO_AGENT_KEY is set. */
const INVESTOR_ACCOUNTS = [1, 2, 3, 4];

/** What each dev account is, in the banner's words. */
export function devAccountRoles(info: Pick<BannerInfo, "admins" | "complianceOfficers" | "kycAgent">, index: number, address: Address): string {
  const roles: string[] = [];
  if (index === 0) roles.push("deployer (owns the IdentityRegistry and TokenFactory)", "issuer (owner and agent of the demo token FDS)");
  if (info.admins.includes(address)) roles.push("platform admin");
  if (info.complianceOfficers.includes(address)) roles.push("compliance officer (reviews KYC applications)");
  if (address === info.kycAgent) roles.push("KYC agent (the server's key)");
  if (INVESTOR_ACCOUNTS.includes(index)) roles.push("investor (sign in, apply for KYC, hold tokens)");
  return roles.join(", ");
}

/** What `npm start` prints once everything is up: where to go, which dev account is what, and their keys. */
export function bannerText(info: BannerInfo): string {
  const admins = info.admins.map((a) => getAddress(a));
  const normalized = { ...info, admins, complianceOfficers: info.complianceOfficers.map((a) => getAddress(a)), kycAgent: getAddress(info.kycAgent) };
  const accounts = Array.from({ length: 10 }, (_, i) => {
    const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i });
    const roles = devAccountRoles(normalized, i, account.address);
    if (!roles) return [];
    const key = Buffer.from(account.getHdKey().privateKey!).toString("hex");
    return [`  #${i} ${account.address}  ${roles}`, `     key 0x${key}`];
  }).flat();
  const otherAdmins = admins.filter((a) => !accounts.some((line) => line.includes(a)));
  const agentIsDevAccount = accounts.some((line) => line.includes(normalized.kycAgent));
  const firstAdmin = accounts.find((line) => admins.some((a) => line.includes(a)))?.trim().split(" ")[0];
  const localhost = info.rpcUrl === "http://127.0.0.1:8545" ? "" : `FOLIO_LOCAL_RPC_URL=${info.rpcUrl} `;
  return [
    "",
    "Folio is running",
    `  Web UI      ${info.webUrl}/`,
    `  GraphQL     ${info.webUrl}/graphql  (GraphiQL in a browser)`,
    `  Health      ${info.webUrl}/health`,
    `  Chain RPC   ${info.rpcUrl}  (chain id ${info.chainId}, ${info.freshChain ? "fresh chain, contracts deployed" : "state restored"})`,
    `  Data        ${info.dataDir}`,
    "",
    "Dev accounts and what each one is (test ether only, never use them on a real network):",
    ...accounts,
    ...otherAdmins.map((a) => `  ${a}  platform admin (FOLIO_ADMIN_ADDRESSES)`),
    ...(agentIsDevAccount ? [] : [`  ${normalized.kycAgent}  KYC agent (the server's key, FOLIO_AGENT_KEY)`]),
    `  mnemonic: ${DEV_MNEMONIC}`,
    "",
    ...developmentDefaults(info),
    "Open first:",
    `  1. ${info.webUrl}/ with a wallet on ${info.rpcUrl} (chain id ${info.chainId}) holding the keys above.`,
    `  2. As an investor (#1), sign in (siweNonce, signIn) and apply for KYC at ${info.webUrl}/graphql (saveKycApplication, submitKycApplication).`,
    firstAdmin
      ? `  3. As ${firstAdmin}, sign in and review it at ${info.webUrl}/graphql (kycApplications, approveKycApplication).`
      : `  3. As a platform admin, grant COMPLIANCE_OFFICER (grantRole) and review applications (kycApplications).`,
    `  Issuer chores run as Hardhat tasks signed by #0: ${localhost}npx hardhat --network localhost token:mint --token FDS --to <wallet> --amount 100`,
    `  (also token:mint-batch, token:burn, token:add-agent, token:freeze, token:pause, token:set-document; npx hardhat help lists them).`,
    "",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}

/** One sentence on the development keys in use, said once here rather than as warnings. */
function developmentDefaults(info: BannerInfo): string[] {
  const used = [
    ...(info.devDefaults?.agentKey ? ["the server signs with dev account #9's public key (set FOLIO_AGENT_KEY to change it)"] : []),
    ...(info.devDefaults?.masterKey ? ["KYC data is encrypted under a key kept in the data folder (set FOLIO_MASTER_KEY to change it)"] : []),
  ];
  if (used.length === 0) return [];
  return ["Development defaults, fine for trying Folio out and never for real data:", ...used.map((u) => `  ${u}`), ""];
}

export function printBanner(info: BannerInfo): void {
  console.log(bannerText(info));
}
