import { FolioError } from "../errors.ts";

/** Relay-style pagination shared by every list in the API. */
export const connectionTypeDefs = /* GraphQL */ `
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
`;

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<Node> {
  edges: { node: Node; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Validates `first` (1..100, default 20) and decodes `after` into the opaque key it stands for. */
export function readPageArgs(args: PageArgs, defaultSize = 20): { limit: number; afterKey: string | null } {
  const limit = args.first ?? defaultSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new FolioError("BAD_USER_INPUT", `first must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (args.after == null) return { limit, afterKey: null };
  const decoded = Buffer.from(args.after, "base64url").toString("utf8");
  if (!decoded.startsWith("c:")) throw new FolioError("BAD_USER_INPUT", "after is not a cursor returned by this API");
  return { limit, afterKey: decoded.slice(2) };
}

export function encodeCursor(key: string): string {
  return Buffer.from(`c:${key}`, "utf8").toString("base64url");
}

/**
 * Builds a connection from rows fetched with `limit + 1` (the extra row only tells whether a next page exists).
 * `keyOf` returns the stable sort key a cursor stands for.
 */
export function toConnection<Row, Node = Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => string,
  toNode: (row: Row) => Node = (row) => row as unknown as Node,
): Connection<Node> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ node: toNode(row), cursor: encodeCursor(keyOf(row)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * readPageArgs for lists keyed by a numeric sequence: `after` must decode to a key matching `seqPattern`, else
 * BAD_USER_INPUT names the list (`after is not a <cursorName> cursor`).
 */
export function readSeqPageArgs(args: PageArgs, seqPattern: RegExp, cursorName: string): { limit: number; afterSeq: number | null } {
  const { limit, afterKey } = readPageArgs(args);
  if (afterKey !== null && !seqPattern.test(afterKey)) throw new FolioError("BAD_USER_INPUT", `after is not a ${cursorName} cursor`);
  return { limit, afterSeq: afterKey === null ? null : Number(afterKey) };
}
