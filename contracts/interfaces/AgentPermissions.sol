// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Permission bits of a token agent: each agent holds exactly the powers it was given
library AgentPermissions {
    uint16 internal constant MINT = 1;
    uint16 internal constant BURN = 2;
    uint16 internal constant FREEZE = 4;
    uint16 internal constant FORCED_TRANSFER = 8;
    uint16 internal constant RECOVERY = 16;
    uint16 internal constant PAUSE = 32;
    uint16 internal constant DOCUMENTS = 64;
    uint16 internal constant RULES = 128;
    /// @dev Read by the Distributor, not the token: funding, pushing and reclaiming the token's income rounds.
    uint16 internal constant DISTRIBUTION = 256;
    uint16 internal constant ALL = 511;
}
