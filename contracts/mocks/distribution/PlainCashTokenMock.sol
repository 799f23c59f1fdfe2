// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainCashTokenMock
/// @notice A plain 6-decimal ERC-20 with open minting: the cash token of distribution benchmarks.
contract PlainCashTokenMock is ERC20 {
    constructor() ERC20("Plain Cash", "PCASH") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
