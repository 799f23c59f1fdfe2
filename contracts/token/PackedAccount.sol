// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Everything a transfer reads about a wallet, in one storage slot: bits 0-103 balance, 104-207 frozen
/// amount, 208-247 latest lock-up release time, 248-255 flags.
/// @dev One slot instead of OpenZeppelin's balance slot plus a slot of compliance state saves two cold reads
/// (4,200 gas) per transfer. 104-bit amounts hold 2e31 base units; the supply is capped below 2^104.
type PackedAccount is uint256;

using PackedAccountLib for PackedAccount global;

/// @title Accessors of PackedAccount
library PackedAccountLib {
    /// @dev The wallet is frozen: it may neither send nor receive.
    uint8 internal constant FROZEN = 1;
    /// @dev The wallet is its investor's only holding wallet, so the investor's total is its balance and transfers
    /// skip the per-investor total (two cold slot writes, 10,000 gas).
    uint8 internal constant SOLE = 2;

    uint256 private constant _AMOUNT_MASK = (1 << 104) - 1;
    // The masks below are negated as `~uint256(...)`, never `~_AMOUNT_MASK`: solc 0.8.28's SMTChecker stops with an
    // internal error on the negation of a named constant (solidity#15600, fixed in 0.8.29). Same bytecode either way.

    function balance(PackedAccount a) internal pure returns (uint256) {
        return PackedAccount.unwrap(a) & _AMOUNT_MASK;
    }

    function frozen(PackedAccount a) internal pure returns (uint256) {
        return (PackedAccount.unwrap(a) >> 104) & _AMOUNT_MASK;
    }

    function lockedUntil(PackedAccount a) internal pure returns (uint40) {
        return uint40(PackedAccount.unwrap(a) >> 208);
    }

    function has(PackedAccount a, uint8 flag) internal pure returns (bool) {
        return (PackedAccount.unwrap(a) >> 248) & flag != 0;
    }

    /// @dev `value` must be below 2^104 (the supply cap guarantees it for balances).
    function withBalance(PackedAccount a, uint256 value) internal pure returns (PackedAccount) {
        return PackedAccount.wrap((PackedAccount.unwrap(a) & ~uint256(_AMOUNT_MASK)) | value);
    }

    /// @dev `value` must not exceed the balance, so it is below 2^104.
    function withFrozen(PackedAccount a, uint256 value) internal pure returns (PackedAccount) {
        return PackedAccount.wrap((PackedAccount.unwrap(a) & ~uint256(_AMOUNT_MASK << 104)) | (value << 104));
    }

    function withLockedUntil(PackedAccount a, uint40 time) internal pure returns (PackedAccount) {
        return PackedAccount.wrap((PackedAccount.unwrap(a) & ~(uint256(type(uint40).max) << 208)) | (uint256(time) << 208));
    }

    function withFlag(PackedAccount a, uint8 flag, bool on) internal pure returns (PackedAccount) {
        uint256 bits = uint256(flag) << 248;
        return PackedAccount.wrap(on ? PackedAccount.unwrap(a) | bits : PackedAccount.unwrap(a) & ~bits);
    }
}
