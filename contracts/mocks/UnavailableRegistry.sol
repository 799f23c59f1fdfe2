// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice An identity registry that is down: every call reverts. Tests that a token fails closed without one.
contract UnavailableRegistry {
    error UnavailableRegistryDown();

    fallback() external {
        revert UnavailableRegistryDown();
    }
}
