// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title MarketDirectSwapMock
/// @notice The gas baseline of the settlement benchmark: two bare transferFrom calls in one transaction, with no
/// signature, order or balance check.
contract MarketDirectSwapMock {
    error MarketDirectSwapMockFailed();

    /// @notice Moves `amount` of `token` from `seller` to `buyer` and `cash` of `cashToken` back.
    function swap(IERC20 token, IERC20 cashToken, address seller, address buyer, uint256 amount, uint256 cash) external {
        if (!token.transferFrom(seller, buyer, amount) || !cashToken.transferFrom(buyer, seller, cash)) {
            revert MarketDirectSwapMockFailed();
        }
    }
}
