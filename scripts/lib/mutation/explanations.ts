/**
 * Why each mutant that survives every test is equivalent (no test can tell it from the original), keyed by mutant
 * id (`file:line:operator:index`). `npm run mutation` fails on a surviving mutant missing here; a mutant a new test
 * kills needs no entry. An id names a line: an edit above it moves the line, and the runner reports the stale key.
 */
export const MUTATION_EXPLANATIONS: Record<string, string> = {
  // Distributor
  "contracts/distribution/Distributor.sol:175:delete-statement:0":
    "`reason` is declared without a value, and Solidity starts an enum at its first member, `SkipReason.AlreadyClaimed`: the deleted assignment wrote the value it already had.",
  // ArtworkCertificate
  "contracts/artwork/ArtworkCertificate.sol:394:constant:1":
    "`_restriction` reads `holder` only together with `from != address(0)` (the freeze check and the sender's eligibility); a mint check passes `from = address(0)`, so the flag cannot change its answer.",
};
