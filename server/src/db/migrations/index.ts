import { m001Foundation } from "./001-foundation.ts";

export interface Migration {
  /** Applied in ascending order; never renumber or edit a migration once it has shipped. */
  id: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [m001Foundation];
