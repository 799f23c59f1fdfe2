// SPDX-License-Identifier: MIT
// Nobody filters issuer changes by the allowed flag.
// solhint-disable gas-indexed-events
pragma solidity ^0.8.28;

import {ISecurityToken} from "./ISecurityToken.sol";

/// @title Folio token factory: issues a security token with its rules, documents and agents in one transaction
interface ITokenFactory {
    event TokenIssued(address indexed token, address indexed owner, string name, string symbol);
    event IssuerSet(address indexed issuer, bool allowed);

    error TokenFactoryNotIssuer(address account);
    error TokenFactoryInvalidIssuer(address issuer);

    /// @notice Issues a token. A zero `identityRegistry` in `config` means the platform's registry.
    function issueToken(ISecurityToken.TokenConfig calldata config) external returns (address token);

    /// @notice Allows or disallows an account to issue tokens (the owner always may).
    function setIssuer(address issuer, bool allowed) external;

    /// @notice Whether `account` may issue tokens.
    function isIssuer(address account) external view returns (bool);

    /// @notice Whether `token` was issued by this factory.
    function isToken(address token) external view returns (bool);

    /// @notice Every token issued, oldest first.
    function tokens() external view returns (address[] memory);

    /// @notice The platform's identity registry, used when a config names none.
    function identityRegistry() external view returns (address);
}
