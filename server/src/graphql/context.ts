import type { AuditLog } from "../audit/audit-log.ts";
import type { ArtworkRegistry } from "../artworks/artwork-registry.ts";
import type { AuthService, Viewer } from "../auth/auth-service.ts";
import type { DistributionService } from "../distributions/distribution-service.ts";
import type { IndexerStatusService } from "../indexer/indexer-status.ts";
import type { InvestorService } from "../investors/investor-service.ts";
import type { KycService } from "../kyc/kyc-service.ts";
import type { Logger } from "../logger.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { TokenService } from "../tokens/token-service.ts";
import type { AgentActions } from "../tokens/agent-actions.ts";
import type { CapTableService } from "../tokens/cap-table.ts";
import type { MarketService } from "../market/market-service.ts";
import type { MarketEvents } from "../market/market-events.ts";
import type { MarketStatsService } from "../market/market-stats.ts";

export interface Services {
  tokens: TokenService;
  auth: AuthService;
  audit: AuditLog;
  investors: InvestorService;
  indexer: IndexerStatusService;
  outbox: Outbox;
  kyc: KycService;
  distributions: DistributionService;
  agentActions: AgentActions;
  capTable: CapTableService;
  market: MarketService;
  artworks: ArtworkRegistry;
  /** The market's change feed in this process (one per process): the engine publishes, subscriptions listen. */
  marketEvents: MarketEvents;
  marketStats: MarketStatsService;
}

export interface GraphQLContext {
  services: Services;
  logger: Logger;
  /** The signed-in caller, or null; check it through auth/authorize.ts. */
  viewer: Viewer | null;
  /** Set when the request presented a session token that opens no session; the request is then refused. */
  sessionProblem: "SESSION_INVALID" | "SESSION_EXPIRED" | null;
  /** The client's IP address (behind FOLIO_TRUST_PROXY hops), when the request came over HTTP. */
  clientIp: string | null;
  /** Adds a Set-Cookie header to this request's response. */
  setCookie(cookie: string): void;
  sessionTtlSeconds: number;
  /** Session cookies get `Secure` in production. */
  secureCookies: boolean;
}
