// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MarketFeeOnTransferTokenMock
/// @notice A cash token (6 decimals) that burns 1 % of every transfer: the recipient gets less than was sent.
contract MarketFeeOnTransferTokenMock is ERC20 {
    constructor() ERC20("Fee Cash", "FCASH") {}

    /// @notice Mints test cash.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @dev Transfers (not mints) burn 1 % on the way.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 burned = value / 100;
        super._update(from, address(0), burned);
        super._update(from, to, value - burned);
    }
}
