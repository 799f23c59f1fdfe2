// Run by test/e2e/quiet-start.test.ts through `hardhat run`: compiles OpenZeppelin's TransientSlot and a contract of
// our own that uses transient storage with the real solc, then prints the compiler's messages exactly as
// `hardhat compile` does (through the project's hardhat.config.ts).
import fs from "node:fs";
import hre from "hardhat";
import {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS,
  TASK_COMPILE_SOLIDITY_RUN_SOLCJS,
} from "hardhat/builtin-tasks/task-names";

const OZ = "@openzeppelin/contracts/utils/TransientSlot.sol";
const OWN = "contracts/probe/OwnTransient.sol";

async function main() {
  const version = hre.config.solidity.compilers[0]!.version;
  const build = await hre.run(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, { quiet: true, solcVersion: version });
  const sources: Record<string, { content: string }> = {
    [OZ]: { content: fs.readFileSync(require.resolve(OZ), "utf8") },
    [OWN]: {
      content: "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract OwnTransient {\n" +
        "    function set(uint256 v) external { assembly { tstore(0, v) } }\n}\n",
    },
  };
  // One compilation per file: solc gives the transient-storage note once per compilation.
  for (const file of [OZ, OWN]) {
    const input = {
      language: "Solidity",
      sources: { [file]: sources[file]! },
      settings: { evmVersion: "cancun", outputSelection: { "*": { "*": [] } } },
    };
    const output = await hre.run(TASK_COMPILE_SOLIDITY_RUN_SOLCJS, { input, solcJsPath: build.compilerPath });
    const files = (output.errors ?? []).map((e: { sourceLocation?: { file: string } }) => e.sourceLocation?.file);
    console.log(`solc messages for ${file}: ${files.join(", ")}`);
    await hre.run(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS, { output, quiet: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
