// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title One reason-code space for every refusal of a Folio token
/// @notice The ERC-1404 views return these codes, and a refused transfer reverts with the error of its code: the
/// ERC-6093 error for INVALID_RECIPIENT (`ERC20InvalidReceiver`), INSUFFICIENT_ALLOWANCE
/// (`ERC20InsufficientAllowance`), INVALID_APPROVER (`ERC20InvalidApprover`, a transferFrom from the zero address)
/// and INSUFFICIENT_BALANCE (`ERC20InsufficientBalance`),
/// ERC-7943's `ERC7943InsufficientUnfrozenBalance` for TOKENS_FROZEN, and `SecurityTokenTransferRestricted(code)`
/// carrying the same code for every other one.
library RestrictionCodes {
    uint8 internal constant SUCCESS = 0;
    uint8 internal constant PAUSED = 1;
    uint8 internal constant INVALID_RECIPIENT = 2;
    uint8 internal constant SENDER_NOT_ELIGIBLE = 3;
    uint8 internal constant RECIPIENT_NOT_VERIFIED = 4;
    uint8 internal constant RECIPIENT_LIQUIDATE_ONLY = 5;
    uint8 internal constant SENDER_FROZEN = 6;
    uint8 internal constant RECIPIENT_FROZEN = 7;
    uint8 internal constant SPENDER_FROZEN = 8;
    uint8 internal constant INSUFFICIENT_ALLOWANCE = 9;
    uint8 internal constant INSUFFICIENT_BALANCE = 10;
    uint8 internal constant TOKENS_FROZEN = 11;
    uint8 internal constant TOKENS_LOCKED = 12;
    uint8 internal constant COUNTRY_NOT_ALLOWED = 13;
    uint8 internal constant NOT_ACCREDITED = 14;
    uint8 internal constant MAX_INVESTORS_REACHED = 15;
    uint8 internal constant MAX_BALANCE_EXCEEDED = 16;
    uint8 internal constant SUPPLY_OVERFLOW = 17;
    uint8 internal constant INVALID_APPROVER = 18;
    uint8 internal constant LAST = 18;

    /// @notice The message for a code (ERC-1404 `messageForTransferRestriction`).
    function message(uint8 code) internal pure returns (string memory) {
        if (code == SUCCESS) return "No restriction";
        if (code == PAUSED) return "Token is paused";
        if (code == INVALID_RECIPIENT) return "Recipient is the zero address";
        if (code == SENDER_NOT_ELIGIBLE) return "Sender is not a verified or liquidate-only investor";
        if (code == RECIPIENT_NOT_VERIFIED) return "Recipient is not a verified investor";
        if (code == RECIPIENT_LIQUIDATE_ONLY) return "Recipient is liquidate-only and may not receive";
        if (code == SENDER_FROZEN) return "Sender wallet is frozen";
        if (code == RECIPIENT_FROZEN) return "Recipient wallet is frozen";
        if (code == SPENDER_FROZEN) return "Spender wallet is frozen";
        if (code == INSUFFICIENT_ALLOWANCE) return "Allowance is too low";
        if (code == INSUFFICIENT_BALANCE) return "Balance is too low";
        if (code == TOKENS_FROZEN) return "Amount exceeds the unfrozen balance";
        if (code == TOKENS_LOCKED) return "Amount includes tokens still under lock-up";
        if (code == COUNTRY_NOT_ALLOWED) return "Recipient's country is not allowed";
        if (code == NOT_ACCREDITED) return "Recipient is not an accredited investor";
        if (code == MAX_INVESTORS_REACHED) return "Maximum number of investors reached";
        if (code == MAX_BALANCE_EXCEEDED) return "Recipient would exceed the maximum balance per investor";
        if (code == SUPPLY_OVERFLOW) return "Total supply would exceed its limit";
        if (code == INVALID_APPROVER) return "Owner is the zero address";
        return "Unknown restriction code";
    }
}
