// SPDX-License-Identifier: MIT
// Event signatures are fixed by the standard: indexing a parameter would change how logs decode.
// solhint-disable gas-indexed-events
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ERC-7943 uRWA, fungible interface (interface id 0x3edbb4c4)
interface IERC7943Fungible is IERC165 {
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    event Frozen(address indexed account, uint256 amount);

    error ERC7943CannotSend(address account);
    error ERC7943CannotReceive(address account);
    error ERC7943CannotTransfer(address from, address to, uint256 amount);
    error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen);

    /// @notice Moves tokens by enforcement, bypassing the holder's consent.
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool result);

    /// @notice Sets the absolute frozen amount of `account`.
    function setFrozenTokens(address account, uint256 amount) external returns (bool result);

    /// @notice Whether `account` may send tokens at all.
    function canSend(address account) external view returns (bool allowed);

    /// @notice Whether `account` may receive tokens at all.
    function canReceive(address account) external view returns (bool allowed);

    /// @notice The frozen amount of `account`.
    function getFrozenTokens(address account) external view returns (uint256 amount);

    /// @notice Whether `transfer(to, amount)` sent by `from` would succeed.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool allowed);
}
