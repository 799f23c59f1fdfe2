/** What the SMTChecker analyses: the contracts that hold the platform's arithmetic, each with why it is a target. */
export interface SmtTarget {
  file: string;
  contract: string;
  arithmetic: string;
}

export const SMT_TARGETS: SmtTarget[] = [
  { file: "contracts/token/SecurityToken.sol", contract: "SecurityToken", arithmetic: "balances, frozen amounts and lock-ups on every transfer (TokenLedger, PackedAccount)" },
  { file: "contracts/token/SecurityTokenOps.sol", contract: "SecurityTokenOps", arithmetic: "freeze and unfreeze, forced transfers, burns and recovery releasing frozen and locked tokens" },
  { file: "contracts/distribution/Distributor.sol", contract: "Distributor", arithmetic: "distribution rounds: funding, claims and what remains" },
  { file: "contracts/market/Settlement.sol", contract: "Settlement", arithmetic: "fills: filled amounts per order, cash at the limit price, the platform fee" },
];

/** The checks asked of the model checker: every arithmetic and access target solc has. */
export const SMT_CHECKS = ["assert", "underflow", "overflow", "divByZero", "outOfBounds", "popEmptyArray"] as const;
