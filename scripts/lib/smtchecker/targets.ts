/** What the SMTChecker analyses: the contracts that hold the platform's arithmetic, each with why it is a target. */
export interface SmtTarget {
  file: string;
  contract: string;
  arithmetic: string;
  /** What the reader of the results should know about this contract's analysis, printed under the table. */
  note?: string;
}

const PACKED_LEDGER = [
  "The security token and its operations library reach the checker since the negations of named constants in",
  "`PackedAccount` and `SecurityTokenOps.setPermissions` are written `~uint256(...)` and `~uint16(...)`: solc 0.8.28's",
  "SMTChecker stopped with an internal compiler error on `~` over a constant expression (solidity#15600, fixed in",
  "0.8.29), not on the user-defined value types; the bytecode is the same. z3 4.8.12 then decides none of their",
  "queries within the limit:",
  "every amount sits in a packed word (`PackedAccount`: balance, frozen amount and lock-up time in one slot), which solc",
  "encodes with conversions between integers and bit-vectors that z3 does not decide in time. Even a two-line harness",
  "asserting that `withBalance(v).balance() == v` stays unknown at 8 s per query, with the CHC and the BMC engine alike.",
  "So every target of the token is listed below with why it is safe. Two were real overflows, now fixed and tested: a",
  "transfer of an amount near 2^256 under a balance cap panicked instead of returning MAX_BALANCE_EXCEEDED",
  "(`test/contracts/token/security-token-rules.test.ts`), and so did an agent freezing such an amount instead of",
  "reverting with SecurityTokenFreezeExceedsBalance (`security-token-agents.test.ts`). frozen <= balance and the",
  "spendable balance are also shown by the stateful invariant runs (`test/contracts/invariants/`, G1-G3).",
].join("\n");

export const SMT_TARGETS: SmtTarget[] = [
  { file: "contracts/token/SecurityToken.sol", contract: "SecurityToken", arithmetic: "balances, frozen amounts and lock-ups on every transfer (TokenLedger, PackedAccount)", note: PACKED_LEDGER },
  { file: "contracts/token/SecurityTokenOps.sol", contract: "SecurityTokenOps", arithmetic: "freeze and unfreeze, forced transfers, burns and recovery releasing frozen and locked tokens" },
  { file: "contracts/distribution/Distributor.sol", contract: "Distributor", arithmetic: "distribution rounds: funding, claims and what remains" },
  { file: "contracts/market/Settlement.sol", contract: "Settlement", arithmetic: "fills: filled amounts per order, cash at the limit price, the platform fee" },
];

/** The checks asked of the model checker: every arithmetic and access target solc has. */
export const SMT_CHECKS = ["assert", "underflow", "overflow", "divByZero", "outOfBounds", "popEmptyArray"] as const;
