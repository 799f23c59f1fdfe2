import fs from "node:fs";
import path from "node:path";

/** A core contract: the sources its mutants are made from and the test files that must kill them. */
export interface MutationTarget {
  contract: string;
  sources: string[];
  /** Test folders (every *.test.ts in them) and files; property and invariant suites run last (see `testFiles`). */
  tests: string[];
}

export const MUTATION_TARGETS: MutationTarget[] = [
  {
    contract: "SecurityToken",
    sources: ["contracts/token/SecurityToken.sol", "contracts/token/SecurityTokenOps.sol", "contracts/token/TokenLedger.sol", "contracts/token/PackedAccount.sol"],
    tests: ["test/contracts/token", "test/contracts/invariants/security-token.invariants.test.ts"],
  },
  {
    contract: "IdentityRegistry",
    sources: ["contracts/identity/IdentityRegistry.sol", "contracts/interfaces/PackedInvestor.sol"],
    tests: [
      "test/contracts/identity",
      "test/contracts/token/security-token-registry.test.ts",
      "test/contracts/token/compliance-gate.test.ts",
      "test/contracts/token/security-token-rules.test.ts",
      "test/contracts/invariants/security-token.invariants.test.ts",
    ],
  },
  {
    contract: "Distributor",
    sources: ["contracts/distribution/Distributor.sol"],
    tests: ["test/contracts/distribution", "test/contracts/invariants/distributor.invariants.test.ts"],
  },
  {
    contract: "Settlement",
    sources: ["contracts/market/Settlement.sol", "contracts/market/OrderMath.sol"],
    tests: ["test/contracts/market", "test/contracts/invariants/settlement.invariants.test.ts"],
  },
  {
    contract: "ArtworkCertificate",
    sources: ["contracts/artwork/ArtworkCertificate.sol", "contracts/artwork/PackedCertificate.sol", "contracts/artwork/ArtworkCid.sol"],
    tests: ["test/contracts/artwork", "test/contracts/invariants/artwork-certificate.invariants.test.ts"],
  },
  {
    contract: "FractionVault",
    sources: ["contracts/artwork/vault/FractionVault.sol", "contracts/artwork/vault/FractionVaultIssuance.sol"],
    tests: ["test/contracts/artwork/vault"],
  },
];

/** Randomised suites are slowest and kill little that the example tests miss: they run after them. */
const SLOW = /(properties|invariants)\.test\.ts$/;

/** The target's test files, example tests first, so a killed mutant stops early (mocha --bail). */
export function testFiles(root: string, target: MutationTarget): string[] {
  const files = target.tests.flatMap((t) =>
    fs.statSync(path.join(root, t)).isDirectory()
      ? fs.readdirSync(path.join(root, t)).filter((f) => f.endsWith(".test.ts")).sort().map((f) => path.join(t, f))
      : [t],
  );
  return [...files.filter((f) => !SLOW.test(f)), ...files.filter((f) => SLOW.test(f))];
}
