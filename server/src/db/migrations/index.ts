import { m001Foundation } from "./001-foundation.ts";
import { m002AuthAudit } from "./002-auth-audit.ts";
import { m003Indexer } from "./003-indexer.ts";
import { m004Outbox } from "./004-outbox.ts";
import { m005Kyc } from "./005-kyc.ts";
import { m006Distributions } from "./006-distributions.ts";
import { m007KycRenewals } from "./007-kyc-renewals.ts";
import { m008OutboxGasLimit } from "./008-outbox-gas-limit.ts";
import { m009Market } from "./009-market.ts";
import { m010Artworks } from "./010-artworks.ts";
import { m012ArtworkCertificates } from "./012-artwork-certificates.ts";
import { m011MarketFillability } from "./011-market-fillability.ts";
import { m013OutboxReorgs } from "./013-outbox-reorgs.ts";
import { m014OutboxRevertedBlocks } from "./014-outbox-reverted-blocks.ts";

export interface Migration {
  /** Applied in ascending order; never renumber or edit a migration once it has shipped. */
  id: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [m001Foundation, m002AuthAudit, m003Indexer, m004Outbox, m005Kyc, m006Distributions, m007KycRenewals, m008OutboxGasLimit, m009Market, m010Artworks, m011MarketFillability, m012ArtworkCertificates, m013OutboxReorgs, m014OutboxRevertedBlocks];
