import fs from "node:fs";
import path from "node:path";

/**
 * The attack checklist every Folio contract is tested against (sections A–F: compliance gate, freeze and recovery,
 * access control, distributions, market, artwork certificates; section G: the invariants the stateful runs in
 * test/contracts/invariants check after every command). Each item must be named, by its number, in the
 * title of at least one test (`it` or `describe`); `npm run checklist` writes the table of which test covers which.
 */
export const CHECKLIST_ITEMS: { id: string; title: string }[] = [
  { id: "A1", title: "Every balance-moving entry point refuses an unverified, suspended or expired recipient" },
  { id: "A2", title: "transferFrom needs an allowance and spends it exactly once" },
  { id: "A3", title: "Policy for an unverified or frozen spender between verified parties" },
  { id: "A4", title: "An investor whose KYC lapsed: what it may still send and receive" },
  { id: "A5", title: "Rule state (investor count, per-investor totals) equals a recomputation on every path" },
  { id: "A6", title: "Self-transfers and zero transfers change nothing but emit" },
  { id: "A7", title: "The pre-flight view answers exactly what the transaction does" },
  { id: "A8", title: "A missing or failing identity registry fails closed, and can always be replaced" },
  { id: "A9", title: "Verification cannot be satisfied by an attacker-chosen party" },
  { id: "A10", title: "What pause stops, path by path" },
  { id: "A11", title: "A delisted or frozen investor is refused at settlement time, not only at order time" },
  { id: "A12", title: "KYC expiry and lock-up timestamps cannot overflow their storage" },
  { id: "B1", title: "Frozen amount never exceeds the balance" },
  { id: "B2", title: "The frozen part cannot be spent" },
  { id: "B3", title: "A forced self-transfer cannot hide an unfreeze" },
  { id: "B4", title: "Forced transfer and burn unfreeze only the shortfall" },
  { id: "B5", title: "A forced transfer still needs a verified recipient" },
  { id: "B6", title: "Recovery moves balance, frozen amount and flag, and never merges investors" },
  { id: "B7", title: "Investor-level burn and seizure cannot be dodged by moving between own wallets" },
  { id: "B8", title: "Seized or recovered tokens can move again" },
  { id: "C1", title: "Access control on every state change, role by role" },
  { id: "C2", title: "No implementation can be initialised or taken over" },
  { id: "C3", title: "Initialisation runs exactly once" },
  { id: "C4", title: "Upgrade storage layout cannot collide" },
  { id: "C5", title: "Operator swaps (registry, rules) cannot be slipped under a pending user transaction unseen" },
  { id: "C6", title: "Loops reachable by others are bounded; mismatched batch arrays revert" },
  { id: "C7", title: "Reentrancy through every external callback" },
  { id: "C8", title: "No trusted forwarder, so the sender is always the caller" },
  { id: "C9", title: "Every admin action emits an event, and the register can be rebuilt from events" },
  { id: "D1", title: "Entitlements use balances at the record point" },
  { id: "D2", title: "Distributions conserve cash; rounding is against the claimant" },
  { id: "D3", title: "An empty eligible supply is refused" },
  { id: "D4", title: "Small holders and 6-decimal cash are paid exactly" },
  { id: "D5", title: "Claim reentrancy, frozen or recovered holders, claims after the deadline" },
  { id: "D6", title: "Non-standard cash tokens (fee-on-transfer, false returns, blocklists)" },
  { id: "E1", title: "A trade settles both legs or neither" },
  { id: "E2", title: "Compliance is checked again at settlement" },
  { id: "E3", title: "The taker never pays more than the signed price" },
  { id: "E4", title: "Stale orders (balance or allowance gone) cannot fill" },
  { id: "E5", title: "Partial fills never overfill and round in the maker's favour" },
  { id: "E6", title: "Signed orders cannot be replayed or forged" },
  { id: "E7", title: "Only the maker cancels; cancels are final" },
  { id: "E8", title: "Fees are bounded and cannot block settlement" },
  { id: "F1", title: "onERC721Received cannot re-enter to gain anything" },
  { id: "F2", title: "Verified-owner collections check every transfer path" },
  { id: "F3", title: "Metadata integrity: the content hash is on chain and cannot be re-pointed silently" },
  { id: "F4", title: "ERC-721 ownership invariants hold" },
  { id: "G1", title: "Invariant: total supply equals minted minus burned" },
  { id: "G2", title: "Invariant: balances sum to the total supply (certificates: to the number issued)" },
  { id: "G3", title: "Invariant: frozen (and frozen plus spendable) never exceeds the balance" },
  { id: "G4", title: "Invariant: compliance and identity registry stay bound to the token" },
  { id: "G5", title: "Invariant: nothing moves while paused, halted, or lost, stolen, destroyed or revoked" },
  { id: "G6", title: "Invariant: no successful transfer lands on an unverified recipient" },
  { id: "G7", title: "Invariant: cached state (investor totals, count, verification, freeze counts, attestations) equals its source" },
  { id: "G8", title: "Invariant: the zero address holds nothing" },
  { id: "G9", title: "Invariant: only the holder, its spender or a permitted agent moves tokens or cash" },
  { id: "G10", title: "Invariant: only the holder changes its allowances; transferFrom spends them exactly" },
  { id: "G11", title: "Invariant: distributions conserve cash; claims never exceed funding or repeat" },
  { id: "G12", title: "Invariant: the market holds nothing but fees; fills never exceed orders" },
  { id: "G13", title: "Invariant: every holder is a known investor (verified, or explicitly suspended, expired or frozen)" },
];

export interface NamedTest {
  /** Repository-relative path of the test file. */
  file: string;
  line: number;
  title: string;
}

const TITLE = /\b(?:it|describe|test)(?:\.each\([^)]*\))?\(\s*(["'`])((?:\\.|(?!\1).)*)\1/g;
const ITEM = /\b([A-G])(\d{1,2})\b/g;

/** Every test title under `dirs` that names a checklist item, by item. */
export function findNamedTests(root: string, dirs = ["test"]): Map<string, NamedTest[]> {
  const known = new Set(CHECKLIST_ITEMS.map((item) => item.id));
  const found = new Map<string, NamedTest[]>();
  for (const file of dirs.flatMap((dir) => listTestFiles(path.join(root, dir)))) {
    const source = fs.readFileSync(file, "utf8");
    for (const match of source.matchAll(TITLE)) {
      const title = match[2];
      const line = source.slice(0, match.index).split("\n").length;
      const ids = new Set([...title.matchAll(ITEM)].map((m) => `${m[1]}${m[2]}`).filter((id) => known.has(id)));
      for (const id of ids) {
        if (!found.has(id)) found.set(id, []);
        found.get(id)!.push({ file: path.relative(root, file), line, title });
      }
    }
  }
  return found;
}

function listTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listTestFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The checklist items no test names. */
export const uncoveredItems = (found: Map<string, NamedTest[]>): string[] =>
  CHECKLIST_ITEMS.filter((item) => !found.get(item.id)?.length).map((item) => item.id);

/** docs/SECURITY-CHECKLIST.md: one row per item with the tests that name it. */
export function renderChecklist(found: Map<string, NamedTest[]>): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/`/g, "'");
  const rows = CHECKLIST_ITEMS.map((item) => {
    const tests = found.get(item.id) ?? [];
    const cell = tests.length ? tests.map((t) => `\`${t.file}\` ${escape(t.title)}`).join("<br>") : "**none**";
    return `| ${item.id} | ${item.title} | ${tests.length} | ${cell} |`;
  });
  const missing = uncoveredItems(found);
  return [
    "# Security checklist: which test covers which attack",
    "",
    "Generated by `npm run checklist` from the test titles (each names its item number); do not edit by hand.",
    "`npm run test:contracts` fails when this file is out of date or an item has no test.",
    "",
    `${CHECKLIST_ITEMS.length - missing.length} of ${CHECKLIST_ITEMS.length} items have at least one named test${missing.length ? `; missing: ${missing.join(", ")}` : ""}.`,
    "",
    "| Item | Attack | Tests | Where |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
