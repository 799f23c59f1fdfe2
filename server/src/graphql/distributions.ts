import type { Address } from "viem";
import { findCountry } from "../../../lib/countries.ts";
import { hasRole, requireSignedIn, requireTokenPermission, requireTokenRole } from "../auth/authorize.ts";
import { requireVerifiedInvestor } from "../auth/require-verified.ts";
import type { DistributionView } from "../distributions/distribution-views.ts";
import type { EntitlementRecord } from "../distributions/distribution-store.ts";
import type { ClaimEvent } from "../distributions/round-events.ts";
import type { DeclareInput } from "../distributions/declare-round.ts";
import type { MyClaim } from "../distributions/my-claims.ts";
import { FolioError } from "../errors.ts";
import { readPageArgs, readSeqPageArgs, toConnection, type PageArgs } from "./connection.ts";
import type { GraphQLContext } from "./context.ts";

export const distributionTypeDefs = /* GraphQL */ `
  enum DistributionStatus {
    "Computed and stored; waiting for the issuer's funding transaction to be indexed."
    DECLARED
    "Funded on chain (claimOpen tells whether claims are still accepted)."
    FUNDED
  }

  enum InvestorCategoryFlag {
    ACCREDITED
    QUALIFIED
    US_PERSON
    INSTITUTION
  }

  enum ClaimSkipReason {
    ALREADY_CLAIMED
    INVALID_PROOF
    NO_VERIFIED_WALLET
    INSUFFICIENT_FUNDS
    TRANSFER_FAILED
  }

  "A withholding rule; it applies when every condition it names holds (the first matching rule wins)."
  input WithholdingRuleInput {
    "Rate in basis points: 0 to 10000 (100 %)."
    bps: Int!
    "Country of the investor, as registered: alpha-2 (DE) or numeric (276)."
    country: Country
    "Categories the investor must all have."
    categories: [InvestorCategoryFlag!]
  }

  input WithholdingInput {
    "Rate for investors no rule matches, in basis points (0 by default)."
    defaultBps: Int
    rules: [WithholdingRuleInput!]
  }

  input DeclareDistributionInput {
    token: Address!
    "Balances are taken at the end of this block (give this or recordTime)."
    recordBlock: Int
    "Unix seconds: the record block is the last block at or before this time."
    recordTime: BigInt
    "The ERC-20 paid out."
    cashToken: Address!
    "Gross amount in cash-token units; the issuer funds it less the withheld tax."
    amount: BigInt!
    "Unix seconds: the last moment claims are accepted (at least an hour from now)."
    deadline: BigInt!
    withholding: WithholdingInput
    "Wallets left out of the distribution and of the eligible supply; the token owner's treasury always is."
    excludedWallets: [Address!]
  }

  "A transaction for the caller to sign and send with their own wallet."
  type UnsignedTransaction {
    to: Address!
    data: String!
    value: BigInt!
    description: String!
  }

  type DistributionReclaim {
    amount: BigInt!
    to: Address!
    txHash: String!
  }

  "One investor's entitlement in a round (no personal data: the opaque investor id only)."
  type DistributionEntitlement {
    investorId: String!
    "The investor's balance of the security token at the record block, over all their wallets."
    recordBalance: BigInt!
    withholdingBps: Int!
    gross: BigInt!
    withheld: BigInt!
    net: BigInt!
    "Leaf of the round's Merkle tree; null when the net amount rounds to zero."
    leafIndex: Int
    proof: [String!]
    claimed: Boolean!
    claimTxHash: String
  }

  type DistributionEntitlementEdge {
    node: DistributionEntitlement!
    cursor: String!
  }

  type DistributionEntitlementConnection {
    edges: [DistributionEntitlementEdge!]!
    pageInfo: PageInfo!
  }

  type SkippedClaim {
    leafIndex: Int!
    investorId: String!
    reason: ClaimSkipReason!
    txHash: String!
  }

  "An income distribution round: a dividend, coupon or rent paid to the token's holders of record."
  type Distribution {
    id: ID!
    token: Address!
    cashToken: Address!
    distributor: Address!
    status: DistributionStatus!
    "The Distributor's round id, once funded."
    roundId: BigInt
    recordBlock: Int!
    recordTime: BigInt
    amount: BigInt!
    "What the issuer funds: the amount less the withheld tax."
    fundingTotal: BigInt!
    grossTotal: BigInt!
    withheldTotal: BigInt!
    netTotal: BigInt!
    "Rounding remainder: funded but owed to no one; returned to the issuer by reclaim."
    dust: BigInt!
    eligibleSupply: BigInt!
    excludedBalance: BigInt!
    "Unix seconds; the funded round's own deadline once funded."
    deadline: BigInt!
    claimOpen: Boolean!
    investorCount: Int!
    claimableCount: Int!
    claimedCount: Int!
    claimedTotal: BigInt!
    "What the Distributor still holds for the round (the funded total less the indexed claims and reclaim: no chain call per round); null before funding."
    remaining: BigInt
    reclaimed: DistributionReclaim
    merkleRoot: String!
    paramsHash: String!
    paramsUri: String!
    "The canonical parameters file: with it, scripts/verify-distribution.ts recomputes the round from chain data."
    paramsJson: String!
    fundedTxHash: String
    fundedBlock: Int
    funder: Address
    declaredBy: Address!
    createdAt: String!
    "The transactions the declaring wallet signs to fund the round (empty once funded); DISTRIBUTION_NOT_FUNDER for any other caller. The round is linked only to a funding by that wallet with the declared deadline."
    fundingTransactions: [UnsignedTransaction!]!
    "reclaim(roundId) once the deadline has passed and something is left. Token owner and agents only."
    reclaimTransaction: UnsignedTransaction
    "Per-investor rows. Token owner, agents and auditors only."
    entitlements(first: Int, after: String): DistributionEntitlementConnection!
    "Entitlements pushDistribution could not pay (they stay claimable). Token owner, agents and auditors only."
    skippedClaims: [SkippedClaim!]!
    "CSV: investor_id, record_balance, withholding_bps, gross, withheld, net, leaf_index, claimed, claim_tx. Token owner, agents and auditors only."
    reportCsv: String!
  }

  type DistributionEdge {
    node: Distribution!
    cursor: String!
  }

  type DistributionConnection {
    edges: [DistributionEdge!]!
    pageInfo: PageInfo!
  }

  type DistributionDeclaration {
    distribution: Distribution!
    "Sign and send these in order with the declaring wallet: approve (when the allowance is short), then fundRound."
    fundingTransactions: [UnsignedTransaction!]!
    "The declaring wallet's cash-token balance now (it must hold fundingTotal when it funds)."
    cashBalance: BigInt!
  }

  "The signed-in investor's entitlement in one round."
  type MyClaim {
    distribution: Distribution!
    investorId: String!
    recordBalance: BigInt!
    withholdingBps: Int!
    gross: BigInt!
    withheld: BigInt!
    net: BigInt!
    leafIndex: Int
    proof: [String!]
    claimed: Boolean!
    claimTxHash: String
    claimWallet: Address
    "Ready to send from a verified wallet of the investor while the round is funded, open and unclaimed."
    claimTransaction: UnsignedTransaction
  }

  type MyClaimEdge {
    node: MyClaim!
    cursor: String!
  }

  type MyClaimConnection {
    edges: [MyClaimEdge!]!
    pageInfo: PageInfo!
  }

  type DistributionPushBatch {
    pushId: ID!
    outboxEntryId: ID!
    leafIndexes: [Int!]!
  }

  type DistributionPush {
    batches: [DistributionPushBatch!]!
    requested: Int!
    "Unclaimed entitlements left out because their investor has no linked wallet now."
    withoutWallet: Int!
  }

  extend type Query {
    "One round; NOT_FOUND when there is none."
    distribution(id: ID!): Distribution!
    "A token's rounds, newest first."
    distributions(token: Address!, first: Int, after: String): DistributionConnection!
    "The signed-in investor's entitlements across rounds, newest first. Verified investors only."
    myClaims(first: Int, after: String): MyClaimConnection!
  }

  extend type Mutation {
    "Computes a round at a record block and returns the funding transactions to sign. The token's owner, and its agents holding the DISTRIBUTION permission."
    declareDistribution(input: DeclareDistributionInput!): DistributionDeclaration!
    "Pays up to first (100 by default) unclaimed entitlements on investors' behalf through the outbox. The token's owner, and its agents holding the DISTRIBUTION permission."
    pushDistribution(id: ID!, first: Int): DistributionPush!
  }
`;

const ISSUERS = ["TOKEN_OWNER", "TOKEN_AGENT"] as const;
const ISSUERS_AND_AUDITORS = ["TOKEN_OWNER", "TOKEN_AGENT", "AUDITOR"] as const;
const FLAG_BITS = { ACCREDITED: 1, QUALIFIED: 2, US_PERSON: 4, INSTITUTION: 8 } as const;
const SKIP_REASONS = ["ALREADY_CLAIMED", "INVALID_PROOF", "NO_VERIFIED_WALLET", "INSUFFICIENT_FUNDS", "TRANSFER_FAILED"];
const INVESTOR_KEY = /^0x[0-9a-f]{64}$/;
const SEQ_KEY = /^[0-9]{1,15}$/;

/** The GraphQL input: as the service's, but withholding names countries (alpha-2) and categories in words. */
interface DeclareArgs {
  input: Omit<DeclareInput, "withholding"> & {
    withholding?: { defaultBps?: number | null; rules?: { bps: number; country?: string | null; categories?: (keyof typeof FLAG_BITS)[] | null }[] | null } | null;
  };
}

function withholdingRules(input: DeclareArgs["input"]["withholding"]) {
  return {
    defaultBps: input?.defaultBps ?? 0,
    rules: (input?.rules ?? []).map((rule, i) => {
      let country: number | undefined;
      if (rule.country != null) {
        country = findCountry(rule.country)?.numeric;
        if (country === undefined) throw new FolioError("DISTRIBUTION_INVALID_WITHHOLDING", `rules[${i}]: "${rule.country}" is not an ISO 3166-1 country code`);
      }
      const flags = rule.categories?.length ? rule.categories.reduce((bits, c) => bits | FLAG_BITS[c], 0) : undefined;
      return { bps: rule.bps, ...(country !== undefined ? { country } : {}), ...(flags !== undefined ? { flags } : {}) };
    }),
  };
}

const entitlementFields = (e: EntitlementRecord, claimed: { txHash: string } | null) => ({
  investorId: e.investorId,
  recordBalance: e.balance,
  withholdingBps: e.bps,
  gross: e.gross,
  withheld: e.withheld,
  net: e.net,
  leafIndex: e.leafIndex,
  proof: e.proof,
  claimed: claimed !== null,
  claimTxHash: claimed?.txHash ?? null,
});

export const distributionResolvers = {
  Query: {
    distribution: (_: unknown, args: { id: string }, ctx: GraphQLContext) => ctx.services.distributions.get(args.id),

    async distributions(_: unknown, args: { token: Address } & PageArgs, ctx: GraphQLContext) {
      const { limit, afterSeq } = readSeqPageArgs(args, SEQ_KEY, "distributions");
      await ctx.services.tokens.getToken(args.token);
      const rows = await ctx.services.distributions.list(args.token, afterSeq, limit);
      return toConnection(rows, limit, (d: DistributionView) => String(d.seq));
    },

    async myClaims(_: unknown, args: PageArgs, ctx: GraphQLContext) {
      const viewer = await requireVerifiedInvestor(ctx);
      const { limit, afterSeq } = readSeqPageArgs(args, SEQ_KEY, "myClaims");
      const { rows } = await ctx.services.distributions.myClaims(viewer.address, afterSeq, limit);
      return toConnection(rows, limit, (r) => String(r.seq), (r: MyClaim) => ({
        ...entitlementFields(r.entitlement, r.claimed),
        distribution: r.distribution,
        claimWallet: r.claimed?.wallet ?? null,
        claimTransaction: r.claimTransaction,
      }));
    },
  },

  Mutation: {
    async declareDistribution(_: unknown, args: DeclareArgs, ctx: GraphQLContext) {
      requireSignedIn(ctx);
      await ctx.services.tokens.getToken(args.input.token);
      // Declaring is the token's DISTRIBUTION power, which the Distributor checks for funding too.
      const viewer = await requireTokenPermission(ctx, args.input.token, "DISTRIBUTION");
      const { input } = args;
      return ctx.services.distributions.declare(viewer.address, {
        token: input.token,
        recordBlock: input.recordBlock,
        recordTime: input.recordTime,
        cashToken: input.cashToken,
        amount: input.amount,
        deadline: input.deadline,
        withholding: withholdingRules(input.withholding),
        excludedWallets: input.excludedWallets,
      });
    },

    async pushDistribution(_: unknown, args: { id: string; first?: number | null }, ctx: GraphQLContext) {
      requireSignedIn(ctx);
      let view: DistributionView;
      try {
        view = await ctx.services.distributions.get(args.id);
      } catch (error) {
        // Callers who are no token's issuer are refused before learning whether the round exists.
        if (!(await hasRole(ctx, ...ISSUERS))) throw new FolioError("FORBIDDEN", `This needs one of the roles ${ISSUERS.join(", ")} on the round's token`);
        throw error;
      }
      // The server pushes with its own key, which holds DISTRIBUTION: the caller must hold it too.
      const viewer = await requireTokenPermission(ctx, view.token, "DISTRIBUTION");
      return ctx.services.distributions.push(viewer.address, view.id, args.first ?? 100);
    },
  },

  Distribution: {
    roundId: (d: DistributionView) => d.funding?.roundId ?? null,
    dust: (d: DistributionView) => d.fundingTotal - d.netTotal,
    deadline: (d: DistributionView) => d.effectiveDeadline,
    fundedTxHash: (d: DistributionView) => d.funding?.txHash ?? null,
    fundedBlock: (d: DistributionView) => d.funding?.blockNumber ?? null,
    funder: (d: DistributionView) => d.funding?.funder ?? null,
    createdAt: (d: DistributionView) => d.createdAt.toISOString(),

    async fundingTransactions(d: DistributionView, _: unknown, ctx: GraphQLContext) {
      const viewer = await requireTokenRole(ctx, d.token, ...ISSUERS);
      return ctx.services.distributions.fundingTransactions(d, viewer.address);
    },
    async reclaimTransaction(d: DistributionView, _: unknown, ctx: GraphQLContext) {
      await requireTokenRole(ctx, d.token, ...ISSUERS);
      return ctx.services.distributions.reclaimTransaction(d);
    },
    async entitlements(d: DistributionView, args: PageArgs, ctx: GraphQLContext) {
      await requireTokenRole(ctx, d.token, ...ISSUERS_AND_AUDITORS);
      const { limit, afterKey } = readPageArgs(args);
      if (afterKey !== null && !INVESTOR_KEY.test(afterKey)) throw new FolioError("BAD_USER_INPUT", "after is not an entitlements cursor");
      const rows = await ctx.services.distributions.entitlements(d, afterKey, limit);
      return toConnection(rows, limit, (r) => r.entitlement.investorId, (r: { entitlement: EntitlementRecord; claimed: ClaimEvent | null }) =>
        entitlementFields(r.entitlement, r.claimed));
    },
    async skippedClaims(d: DistributionView, _: unknown, ctx: GraphQLContext) {
      await requireTokenRole(ctx, d.token, ...ISSUERS_AND_AUDITORS);
      return (await ctx.services.distributions.skipped(d)).map((s) => ({
        leafIndex: s.index, investorId: s.investorId, reason: SKIP_REASONS[s.reason] ?? "TRANSFER_FAILED", txHash: s.txHash,
      }));
    },
    async reportCsv(d: DistributionView, _: unknown, ctx: GraphQLContext) {
      await requireTokenRole(ctx, d.token, ...ISSUERS_AND_AUDITORS);
      return ctx.services.distributions.reportCsv(d);
    },
  },
};
