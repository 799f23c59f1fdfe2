// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISettlement} from "../interfaces/ISettlement.sol";

/// @title OrderMath
/// @notice The EIP-712 struct hash of a settlement order and the exact integer arithmetic of its cash and fee.
library OrderMath {
    /// @dev keccak256 of the EIP-712 type string; the field order is the struct's. The string is hashed at compile
    /// time, so its length costs nothing at run time.
    // solhint-disable-next-line gas-small-strings
    bytes32 internal constant ORDER_TYPEHASH = keccak256(
        "Order(address maker,uint8 side,address token,address cashToken,uint256 amount,uint256 price,uint256 nonce,"
        "uint64 expiry,address taker)"
    );

    /// @notice The order's EIP-712 struct hash.
    /// @dev Every field is a static type, so `abi.encode(typehash, order)` lays them out one 32-byte word each,
    /// exactly EIP-712's `encodeData` (the enum `side` is encoded as its uint8 value).
    function structHash(ISettlement.Order calldata order) internal pure returns (bytes32) {
        return keccak256(abi.encode(ORDER_TYPEHASH, order));
    }

    /// @notice Cash units for `amount` security-token units at `price` cash units per whole token (`unit` token
    /// units): `amount * price / unit`, computed without intermediate overflow, rounded up or down.
    function cash(uint256 amount, uint256 price, uint256 unit, bool roundUp) internal pure returns (uint256) {
        return Math.mulDiv(amount, price, unit, roundUp ? Math.Rounding.Ceil : Math.Rounding.Floor);
    }

    /// @notice The platform fee on `cashAmount` at `feeBps` basis points, rounded down (in the seller's favour).
    function fee(uint256 cashAmount, uint16 feeBps) internal pure returns (uint256) {
        return feeBps == 0 ? 0 : Math.mulDiv(cashAmount, feeBps, 10_000);
    }

    /// @notice The security token's decimals.
    function decimalsOf(address token) internal view returns (uint8) {
        return IERC20Metadata(token).decimals();
    }
}
