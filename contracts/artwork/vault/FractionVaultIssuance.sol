// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {AgentPermissions} from "../../interfaces/AgentPermissions.sol";
import {IFractionVault} from "../../interfaces/IFractionVault.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";

/// @title FractionVaultIssuance
/// @notice Checks a curator's terms and turns them into the share token's TokenConfig: the certificate and its
/// metadata become the token's first two documents, the vault its owner and minting agent.
library FractionVaultIssuance {
    /// @notice ERC-1643 name of the document pointing at the certificate: a CAIP-19 asset id
    /// (`eip155:<chain>/erc721:<contract>/<id>`) with the metadata's content hash.
    bytes32 internal constant CERTIFICATE_DOCUMENT = "certificate";
    /// @notice ERC-1643 name of the document pointing at the certificate's canonical metadata, with its hash.
    bytes32 internal constant METADATA_DOCUMENT = "metadata";
    /// @notice Permissions no other agent of a share token may hold: minting or burning would change the supply the
    /// escrow was computed on, and a forced transfer could move shares the vault holds for a buyer.
    uint16 internal constant REFUSED_PERMISSIONS =
        AgentPermissions.MINT | AgentPermissions.BURN | AgentPermissions.FORCED_TRANSFER;
    /// @notice The vault's own permissions while minting at lock.
    uint16 internal constant ISSUING_PERMISSIONS = AgentPermissions.MINT | AgentPermissions.BURN | AgentPermissions.PAUSE;
    /// @notice The vault's permissions for the rest of the token's life: redemptions and closing burn, closing
    /// pauses; it never mints again.
    uint16 internal constant VAULT_PERMISSIONS = AgentPermissions.BURN | AgentPermissions.PAUSE;
    /// @notice Most allocations at lock: minting is one call per holder.
    uint256 internal constant MAX_ALLOCATIONS = 100;
    /// @notice Largest supply a Folio token can hold (its balances are 104-bit).
    uint256 internal constant MAX_SHARES = type(uint104).max;
    uint16 internal constant BPS = 10_000;

    /// @notice Reverts with the first problem of `t`; returns the threshold in shares, rounded up.
    function checkTerms(IFractionVault.Terms memory t) internal view returns (uint256 thresholdShares) {
        if (t.shares == 0 || t.shares > MAX_SHARES) revert IFractionVault.FractionVaultInvalidTerms("shares");
        if (t.thresholdBps == 0 || t.thresholdBps > BPS) revert IFractionVault.FractionVaultInvalidTerms("threshold");
        if (t.reservePricePerShare == 0) revert IFractionVault.FractionVaultInvalidTerms("reserve price");
        if (t.maxBuyoutDuration == 0) revert IFractionVault.FractionVaultInvalidTerms("buy-out duration");
        if (t.metadataHash == bytes32(0) || bytes(t.metadataUri).length == 0) {
            revert IFractionVault.FractionVaultInvalidTerms("metadata");
        }
        // Every share must be able to reach the vault in a tender; a per-investor cap would stop it.
        if (t.rules.maxBalance != 0) revert IFractionVault.FractionVaultInvalidTerms("max balance");
        // The whole escrow must be representable: shares × reserve is the smallest one.
        (bool ok,) = _mul(t.shares, t.reservePricePerShare);
        if (!ok) revert IFractionVault.FractionVaultPriceOverflow(t.shares, t.reservePricePerShare);
        if (t.allocations.length > MAX_ALLOCATIONS) revert IFractionVault.FractionVaultInvalidTerms("allocations");
        if (t.allocations.length != 0) {
            uint256 sum;
            for (uint256 i; i < t.allocations.length; ++i) {
                if (t.allocations[i].shares == 0) revert IFractionVault.FractionVaultInvalidTerms("allocation");
                sum += t.allocations[i].shares;
            }
            if (sum != t.shares) revert IFractionVault.FractionVaultInvalidTerms("allocations sum");
        }
        for (uint256 i; i < t.documents.length; ++i) {
            bytes32 name = t.documents[i].name;
            if (name == CERTIFICATE_DOCUMENT || name == METADATA_DOCUMENT) {
                revert IFractionVault.FractionVaultReservedDocument(name);
            }
        }
        for (uint256 i; i < t.agents.length; ++i) {
            ISecurityToken.AgentInput memory a = t.agents[i];
            if (a.agent == address(this) || a.permissions & REFUSED_PERMISSIONS != 0) {
                revert IFractionVault.FractionVaultAgentPermissionRefused(a.agent, a.permissions);
            }
        }
        // Rounded up: the buyer needs at least the stated fraction. Cannot overflow: shares < 2^104, bps <= 10^4.
        thresholdShares = (t.shares * t.thresholdBps + BPS - 1) / BPS;
    }

    /// @notice The share token's config: the terms' name, symbol, rules, documents and agents, owned by the vault,
    /// with the certificate and metadata documents and the vault as its minting agent.
    function tokenConfig(IFractionVault.Terms memory t, address certificate, uint256 certificateId)
        internal
        view
        returns (ISecurityToken.TokenConfig memory c)
    {
        c.name = t.name;
        c.symbol = t.symbol;
        c.decimals = t.decimals;
        c.owner = address(this);
        c.rules = t.rules;
        uint256 n = t.documents.length;
        c.documents = new ISecurityToken.DocumentInput[](n + 2);
        for (uint256 i; i < n; ++i) {
            c.documents[i] = t.documents[i];
        }
        c.documents[n] = ISecurityToken.DocumentInput({
            name: CERTIFICATE_DOCUMENT,
            uri: certificateUri(certificate, certificateId),
            documentHash: t.metadataHash
        });
        c.documents[n + 1] =
            ISecurityToken.DocumentInput({name: METADATA_DOCUMENT, uri: t.metadataUri, documentHash: t.metadataHash});
        uint256 m = t.agents.length;
        c.agents = new ISecurityToken.AgentInput[](m + 1);
        for (uint256 i; i < m; ++i) {
            c.agents[i] = t.agents[i];
        }
        c.agents[m] = ISecurityToken.AgentInput({agent: address(this), permissions: ISSUING_PERMISSIONS});
    }

    /// @notice The CAIP-19 id of a certificate on this chain: `eip155:<chainId>/erc721:<contract>/<tokenId>`.
    function certificateUri(address certificate, uint256 certificateId) internal view returns (string memory) {
        return string.concat(
            "eip155:",
            Strings.toString(block.chainid),
            "/erc721:",
            Strings.toHexString(certificate),
            "/",
            Strings.toString(certificateId)
        );
    }

    /// @notice `a * b`, or false when it overflows.
    function _mul(uint256 a, uint256 b) private pure returns (bool, uint256) {
        unchecked {
            // The overflow check of OpenZeppelin's Math.tryMul: a product that wrapped does not divide back.
            uint256 c = a * b;
            if (a != 0 && c / a != b) return (false, 0);
            return (true, c);
        }
    }

    /// @notice `shares * price`, reverting with FractionVaultPriceOverflow when it does not fit.
    function cost(uint256 shares, uint256 price) internal pure returns (uint256 amount) {
        bool ok;
        (ok, amount) = _mul(shares, price);
        if (!ok) revert IFractionVault.FractionVaultPriceOverflow(shares, price);
    }
}
