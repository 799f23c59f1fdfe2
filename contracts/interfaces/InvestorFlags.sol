// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Investor categories and statuses shared by the registry and the tokens
library InvestorFlags {
    uint8 internal constant ACCREDITED = 1;
    uint8 internal constant QUALIFIED = 2; // qualified / professional investor
    uint8 internal constant US_PERSON = 4;
    uint8 internal constant INSTITUTION = 8;
    uint8 internal constant ALL = 15;

    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_ACTIVE = 1;
    uint8 internal constant STATUS_LIQUIDATE_ONLY = 2;
    uint8 internal constant STATUS_SUSPENDED = 3;
}
