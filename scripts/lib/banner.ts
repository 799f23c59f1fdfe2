import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "./local-chain";

/** What `npm start` prints once everything is up: where to go and which dev accounts to import into a wallet. */
export function printBanner(info: { webUrl: string; rpcUrl: string; chainId: number; freshChain: boolean; dataDir: string }) {
  const accounts = Array.from({ length: 5 }, (_, i) => {
    const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i });
    const key = Buffer.from(account.getHdKey().privateKey!).toString("hex");
    return `  #${i} ${account.address}  key 0x${key}`;
  });
  console.log(
    [
      "",
      "Folio is running",
      `  Web UI      ${info.webUrl}/`,
      `  GraphQL     ${info.webUrl}/graphql`,
      `  Health      ${info.webUrl}/health`,
      `  Chain RPC   ${info.rpcUrl}  (chain id ${info.chainId}, ${info.freshChain ? "fresh chain, contracts deployed" : "state restored"})`,
      `  Data        ${info.dataDir}`,
      "",
      "Dev accounts (test ether only, never use them on a real network):",
      ...accounts,
      `  mnemonic: ${DEV_MNEMONIC}`,
      "",
      "Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}
