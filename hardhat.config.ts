import path from "node:path";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks/index";

const SOLC_VERSION = "0.8.28";

// solidity-coverage compiles instrumented contracts into the artifacts folder and leaves them there; keep them apart
// so a coverage run never leaves oversized instrumented builds behind for `npm start` and the server tests.
const COVERAGE = process.argv.includes("coverage");
if (COVERAGE) process.env.FOLIO_ARTIFACTS_DIR = path.join(__dirname, ".coverage_artifacts");

// Compile with the solc-js shipped in the npm `solc` package: no compiler download is needed (or possible) here.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  const solcPackage = require("solc/package.json") as { version: string };
  if (args.solcVersion !== solcPackage.version) return runSuper(args);
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: (require("solc") as { version(): string }).version(),
  };
});

/** solc's note on transient storage (EIP-1153), emitted wherever `tstore` appears. */
const TRANSIENT_STORAGE_WARNING = "2394";

/**
 * True for the transient-storage note solc prints for OpenZeppelin's own TransientSlot: OpenZeppelin's reentrancy
 * guard clears its slot before the call returns, which is the use the note itself calls safe. The same note on
 * Folio's own sources (or any other warning) is still printed.
 */
function isHarmlessCompilerNote(error: { severity?: string; errorCode?: string; sourceLocation?: { file?: string } }): boolean {
  return (
    error.severity === "warning" &&
    error.errorCode === TRANSIENT_STORAGE_WARNING &&
    (error.sourceLocation?.file ?? "").startsWith("@openzeppelin/contracts/")
  );
}

subtask(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS, async (args: { output?: { errors?: unknown[] }; quiet: boolean }, _hre, runSuper) => {
  const errors = args.output?.errors as Parameters<typeof isHarmlessCompilerNote>[0][] | undefined;
  if (!errors) return runSuper(args);
  return runSuper({ ...args, output: { ...args.output, errors: errors.filter((e) => !isHarmlessCompilerNote(e)) } });
});

// Any JSON-RPC network can be added through the environment: FOLIO_RPC_URL + FOLIO_DEPLOYER_KEY.
const remote: HardhatUserConfig["networks"] = process.env.FOLIO_RPC_URL
  ? {
      remote: {
        url: process.env.FOLIO_RPC_URL,
        accounts: process.env.FOLIO_DEPLOYER_KEY ? [process.env.FOLIO_DEPLOYER_KEY] : [],
      },
    }
  : {};

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  networks: {
    hardhat: { chainId: 31337 },
    localhost: { url: process.env.FOLIO_LOCAL_RPC_URL ?? "http://127.0.0.1:8545", chainId: 31337 },
    ...remote,
  },
  paths: { tests: "test/contracts", ...(COVERAGE ? { artifacts: ".coverage_artifacts" } : {}) },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 120_000 },
};

export default config;
