// Hardhat tasks for operators. Each file registers its own tasks.
import "./export-abis";
import "./security-tokens";
import "./token-operations";
