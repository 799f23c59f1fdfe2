import { graphql } from "../api/graphql.ts";

export const ROLE_HOLDERS = graphql(`query PlatformRoleHolders { platformRoleHolders { address role grantedBy grantedAt configured } }`);

export const GRANT_ROLE = graphql(`mutation GrantRole($address: Address!, $role: PlatformRole!) { grantRole(address: $address, role: $role) }`);

export const REVOKE_ROLE = graphql(`mutation RevokeRole($address: Address!, $role: PlatformRole!) { revokeRole(address: $address, role: $role) }`);

export const OUTBOX_ENTRIES = graphql(`
  query OutboxEntries($status: OutboxStatus, $after: String) {
    outboxEntries(first: 50, status: $status, after: $after) {
      edges {
        node {
          id purpose status sender to nonce txHash attempts lastError stuck stuckSince createdAt updatedAt blockNumber
          failure { code name message }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
