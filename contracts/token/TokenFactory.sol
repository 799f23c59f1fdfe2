// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ISecurityToken} from "../interfaces/ISecurityToken.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {SecurityToken} from "./SecurityToken.sol";

/// @title TokenFactory
/// @notice Issues Folio security tokens, each with its rules, documents and agents, in one transaction.
/// @dev Each token is a full contract (no proxy), so transfers pay no delegate-call hop; its agent operations run in
/// the shared SecurityTokenOps library that both this factory and its tokens are linked against.
contract TokenFactory is ITokenFactory, Ownable2Step {
    address private immutable _identityRegistry;
    address[] private _tokens;
    mapping(address token => bool) private _isToken;
    mapping(address account => bool) private _issuers;

    /// @param owner_ who manages the issuers
    /// @param identityRegistry_ the platform's registry, used when a config names none
    constructor(address owner_, address identityRegistry_) Ownable(owner_) {
        _identityRegistry = identityRegistry_;
    }

    /// @inheritdoc ITokenFactory
    function issueToken(ISecurityToken.TokenConfig calldata config) external returns (address token) {
        if (msg.sender != owner() && !_issuers[msg.sender]) revert TokenFactoryNotIssuer(msg.sender);
        ISecurityToken.TokenConfig memory c = config;
        if (c.identityRegistry == address(0)) c.identityRegistry = _identityRegistry;
        token = address(new SecurityToken(c.owner, abi.encode(c)));
        _tokens.push(token);
        _isToken[token] = true;
        emit TokenIssued(token, c.owner, c.name, c.symbol);
    }

    /// @inheritdoc ITokenFactory
    function setIssuer(address issuer, bool allowed) external onlyOwner {
        if (issuer == address(0)) revert TokenFactoryInvalidIssuer(issuer);
        _issuers[issuer] = allowed;
        emit IssuerSet(issuer, allowed);
    }

    /// @inheritdoc ITokenFactory
    function isIssuer(address account) external view returns (bool) {
        return account == owner() || _issuers[account];
    }

    /// @inheritdoc ITokenFactory
    function isToken(address token) external view returns (bool) {
        return _isToken[token];
    }

    /// @inheritdoc ITokenFactory
    function tokens() external view returns (address[] memory) {
        return _tokens;
    }

    /// @inheritdoc ITokenFactory
    function identityRegistry() external view returns (address) {
        return _identityRegistry;
    }
}
