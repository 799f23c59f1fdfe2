// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-1404 simple restricted token, with the spender-aware extension (ethereum/ERCs#1701)
interface IERC1404 {
    /// @notice The restriction code a transfer would hit; 0 means the transfer succeeds.
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8);

    /// @notice A human-readable message for a restriction code.
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory);

    /// @notice The restriction code `transferFrom` by `spender` would hit; 0 means it succeeds.
    function detectTransferRestrictionFrom(address spender, address from, address to, uint256 value)
        external
        view
        returns (uint8);
}
