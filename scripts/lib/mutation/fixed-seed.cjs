// Preloaded (NODE_OPTIONS=--require) into the test runs of `npm run mutation`: fast-check properties draw the same
// cases for every mutant, so an outcome depends on the mutant and not on the day's seed, and a failing property
// reports at once instead of shrinking (a mutant only needs to be caught, not minimised).
try {
  const fc = require(require.resolve("fast-check", { paths: [process.cwd()] }));
  fc.configureGlobal({ seed: 20261202, endOnFailure: true });
} catch {
  // fast-check is not installed: no property to configure.
}
