// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title FakeOwnedToken
/// @notice An attacker's stand-in for a token: `owner()` names whoever deployed it and `isAgent` says yes to anyone,
/// so reading roles from it would make its deployer TOKEN_OWNER and everyone TOKEN_AGENT. Folio's server must grant
/// no role through it (it is not a token Folio issued). Test only; never deployed by scripts.
contract FakeOwnedToken {
    /// @notice The deployer, claimed as the "token's" owner.
    address public immutable owner;

    constructor() {
        owner = msg.sender;
    }

    /// @notice Claims that every address is an agent.
    function isAgent(address) external pure returns (bool) {
        return true;
    }
}
