// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ERC-3643 agent role
/// @notice Required by ERC-3643 on the token and on the identity registry.
interface IAgentRole {
    event AgentAdded(address indexed _agent);
    event AgentRemoved(address indexed _agent);

    /// @notice Makes `_agent` an agent (on a Folio token: with every agent permission).
    function addAgent(address _agent) external;

    /// @notice Removes every agent permission of `_agent`.
    function removeAgent(address _agent) external;

    /// @notice Whether `_agent` holds at least one agent permission.
    function isAgent(address _agent) external view returns (bool);
}
