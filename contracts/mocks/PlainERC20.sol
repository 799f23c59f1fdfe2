// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainERC20
/// @notice OpenZeppelin's plain ERC-20 with an open mint: the baseline of the gas benchmark. Never deployed.
contract PlainERC20 is ERC20 {
    constructor() ERC20("Plain", "PLN") {}

    /// @notice Mints `amount` to `to` (benchmark only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
