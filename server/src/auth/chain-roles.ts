import { getAddress, parseAbi, type Address } from "viem";
import { AgentPermission } from "../../../lib/agent-permissions.ts";
import { ARTWORK_COLLECTION_LABELS } from "../artworks/artwork-registry.ts";
import type { Chain } from "../chain/chain.ts";
import type { Logger } from "../logger.ts";
import type { RoleAssignment } from "./roles.ts";

// Only the two views roles need; ERC-3643 tokens and the IdentityRegistry both expose them (Ownable + IAgentRole).
const ownedAgentRoleAbi = parseAbi(["function owner() view returns (address)", "function isAgent(address) view returns (bool)"]);
const artworkIssuerAbi = parseAbi(["function isIssuer(address) view returns (bool)"]);
const agentPermissionsAbi = parseAbi(["function agentPermissions(address) view returns (uint16)"]);

/** Reads roles that live on chain: registry owner and KYC agents, each token's owner and agents. */
export function createChainRoleReader(options: { chain: Chain; logger: Logger; listTokens?: () => Promise<readonly Address[]> }) {
  const { chain, logger } = options;
  const listTokens = options.listTokens ?? (async () => chain.deployment.tokens);

  /** owner() and isAgent(address) of one contract; a contract that lacks either view grants nothing. */
  async function ownerAndAgent(contract: Address, address: Address): Promise<{ owner: boolean; agent: boolean }> {
    const [owner, agent] = await Promise.allSettled([
      chain.client.readContract({ address: contract, abi: ownedAgentRoleAbi, functionName: "owner" }),
      chain.client.readContract({ address: contract, abi: ownedAgentRoleAbi, functionName: "isAgent", args: [address] }),
    ]);
    for (const r of [owner, agent]) {
      if (r.status === "rejected") logger.debug({ msg: "role view unavailable", contract, err: r.reason });
    }
    return {
      owner: owner.status === "fulfilled" && getAddress(owner.value) === address,
      agent: agent.status === "fulfilled" && agent.value === true,
    };
  }

  /** The IdentityRegistry's address, or null while it is not deployed on this chain. */
  const registryAddress = (): Address | null => chain.deployment.contracts.IdentityRegistry?.address ?? null;

  return {
    registryAddress,

    async registryRoles(address: Address): Promise<RoleAssignment[]> {
      const registry = registryAddress();
      if (!registry) return [];
      const { owner, agent } = await ownerAndAgent(registry, address);
      return [
        ...(owner ? [{ role: "REGISTRY_OWNER" as const, token: null }] : []),
        ...(agent ? [{ role: "KYC_AGENT" as const, token: null }] : []),
      ];
    },

    async tokenRoles(address: Address, token: Address): Promise<RoleAssignment[]> {
      const { owner, agent } = await ownerAndAgent(token, address);
      return [
        ...(owner ? [{ role: "TOKEN_OWNER" as const, token }] : []),
        ...(agent ? [{ role: "TOKEN_AGENT" as const, token }] : []),
      ];
    },

    /**
     * The agent permission bits `address` holds on `token` (contracts/interfaces/AgentPermissions.sol). An ERC-3643
     * token without Folio's per-agent bits gives its agents every power, so an agent there counts as holding all.
     */
    async tokenPermissions(address: Address, token: Address): Promise<number> {
      try {
        return await chain.client.readContract({ address: token, abi: agentPermissionsAbi, functionName: "agentPermissions", args: [address] });
      } catch (error) {
        logger.debug({ msg: "agent permissions view unavailable", contract: token, err: error });
        return (await ownerAndAgent(token, address)).agent ? AgentPermission.ALL : 0;
      }
    },

    /** ARTWORK_ISSUER of each deployed certificate collection whose `isIssuer` says so (the deployment's only). */
    async artworkRoles(address: Address): Promise<RoleAssignment[]> {
      const collections = ARTWORK_COLLECTION_LABELS.flatMap((label) => chain.deployment.contracts[label]?.address ?? []) as Address[];
      const answers = await Promise.allSettled(
        collections.map((collection) => chain.client.readContract({ address: collection, abi: artworkIssuerAbi, functionName: "isIssuer", args: [address] })),
      );
      return collections.flatMap((collection, i) => {
        const answer = answers[i]!;
        if (answer.status === "rejected") logger.debug({ msg: "role view unavailable", contract: collection, err: answer.reason });
        return answer.status === "fulfilled" && answer.value === true ? [{ role: "ARTWORK_ISSUER" as const, token: collection }] : [];
      });
    },

    async rolesOf(address: Address): Promise<RoleAssignment[]> {
      const tokens = await listTokens();
      const [registry, artworks, ...perToken] = await Promise.all([
        this.registryRoles(address),
        this.artworkRoles(address),
        ...tokens.map((token) => this.tokenRoles(address, token)),
      ]);
      return [...registry!, ...artworks!, ...perToken.flat()];
    },
  };
}

export type ChainRoleReader = ReturnType<typeof createChainRoleReader>;
