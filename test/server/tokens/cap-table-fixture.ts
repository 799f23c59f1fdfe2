import { createPublicClient, createWalletClient, http, parseAbi, type Address } from "viem";
import { readDeployment } from "../../../scripts/lib/deployment.ts";
import { LOCAL_CHAIN_ID } from "../../../scripts/lib/local-chain.ts";
import { AgentPermission, issueToken, NO_RULES, ZERO_ADDRESS } from "../../../scripts/lib/security-token.ts";
import type { TestPlatform } from "../../support/platform.ts";
import { devAccount } from "../../support/sign-in.ts";

// Investors written straight into the chain index: shared with the benchmark (npm run bench:cap-table).
export { SEED_COUNTRIES, seedInvestors, type SeededInvestor } from "../../../bench/cap-table/seed-index.ts";

/** Issues a second token through the factory, owned by dev account `ownerIndex`: another issuer's token. */
export async function issueOtherToken(platform: TestPlatform, ownerIndex: number): Promise<Address> {
  const deployment = readDeployment(LOCAL_CHAIN_ID, platform.deploymentsDir)!;
  const transport = http(platform.chain.rpcUrl, { batch: false });
  const owner = devAccount(ownerIndex);
  const publicClient = createPublicClient({ transport });
  const factory = deployment.contracts.TokenFactory!.address as Address;
  // The platform owner (#0) lets the new issuer use the factory.
  const allow = await createWalletClient({ account: devAccount(0), transport }).writeContract({
    address: factory, abi: parseAbi(["function setIssuer(address issuer, bool allowed)"]), functionName: "setIssuer", args: [owner.address, true], chain: null,
  });
  if ((await publicClient.waitForTransactionReceipt({ hash: allow })).status !== "success") throw new Error("setIssuer reverted");
  const { token } = await issueToken({
    publicClient,
    walletClient: createWalletClient({ account: owner, transport }),
    factory,
    config: {
      name: "Other Issuer Share", symbol: "OIS", decimals: 0, owner: owner.address,
      identityRegistry: ZERO_ADDRESS, onchainID: ZERO_ADDRESS, rules: NO_RULES, documents: [],
      agents: [{ agent: owner.address, permissions: AgentPermission.ALL }],
    },
  });
  return token;
}
