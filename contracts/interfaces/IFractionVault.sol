// SPDX-License-Identifier: MIT
// Vault events are read in full by the indexer; the Terms structs mirror the arguments, not storage.
// solhint-disable gas-indexed-events, gas-struct-packing
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ISecurityToken} from "./ISecurityToken.sol";

/// @title Folio fraction vault: a locked artwork certificate, its share token, and the buy-out that ends it
/// @notice One contract per platform holds every locked certificate, each as its own vault (`vaultId`) with its own
/// Folio security token and at most one buy-out at a time. A curator locks a certificate by sending it with
/// `safeTransferFrom(owner, vault, id, abi.encode(terms))`; the vault issues the work's share token through the
/// platform's TokenFactory and mints the shares. A buyer escrows cash for every share at one price; holders tender
/// (paid at once); past the terms' threshold the remaining shares are redeemed against cash kept claimable for
/// their holders; once every share is in, the buyer takes the certificate and the token is closed.
/// @dev Every amount is `shares * pricePerShare` with the price in cash base units per share base unit, so nothing
/// is ever divided or rounded except the threshold, which rounds up (the buyer needs at least the fraction). With
/// whole shares (`decimals` 0, the usual choice for a work) the price is simply cash base units per share; with more
/// share decimals the price granularity becomes one cash base unit per share base unit.
interface IFractionVault is IERC721Receiver {
    /// @notice Where a vault is in its life.
    enum Status {
        None, // no such vault
        Locked, // certificate held, shares outstanding, no buy-out
        Buyout, // a buy-out is open
        Released // every share acquired, certificate released to the buyer, token closed
    }

    /// @notice Shares minted at lock to one holder.
    struct Allocation {
        address holder;
        uint256 shares;
    }

    /// @notice What a curator sends with the certificate (`abi.encode(Terms)` as the `data` of safeTransferFrom).
    /// @param name the share token's name
    /// @param symbol the share token's symbol
    /// @param decimals the share token's decimals (0 for whole shares)
    /// @param shares shares minted in total, fixed for the vault's life
    /// @param allocations who receives them; empty: every share to the certificate's previous owner
    /// @param metadataHash content hash of the certificate's canonical metadata, recorded in the token's documents
    /// @param metadataUri where that metadata is served (ipfs://…)
    /// @param rules the share token's compliance rules (`maxBalance` must be 0: the vault collects every share)
    /// @param documents further documents of the token (terms, valuation); the names `certificate` and `metadata`
    /// are the vault's
    /// @param agents further agents of the token (compliance, recovery, documents); never mint, burn or forced
    /// transfer, which would change the supply or move escrowed shares behind the vault's accounts
    /// @param thresholdBps tendered share of the supply (basis points, 1..10,000) after which the remaining shares
    /// are redeemed; 10,000: only tenders, never a forced redemption
    /// @param reservePricePerShare lowest price a buy-out may offer (cash base units per share base unit, > 0)
    /// @param maxBuyoutDuration longest a buy-out may stay open before it reaches the threshold (seconds, > 0)
    struct Terms {
        string name;
        string symbol;
        uint8 decimals;
        uint256 shares;
        Allocation[] allocations;
        bytes32 metadataHash;
        string metadataUri;
        ISecurityToken.Rules rules;
        ISecurityToken.DocumentInput[] documents;
        ISecurityToken.AgentInput[] agents;
        uint16 thresholdBps;
        uint256 reservePricePerShare;
        uint64 maxBuyoutDuration;
    }

    /// @notice A vault as `vaultOf` returns it.
    struct VaultInfo {
        Status status;
        address certificate;
        uint256 certificateId;
        address token;
        address curator;
        bytes32 metadataHash;
        uint256 shares;
        uint256 thresholdShares;
        uint256 reservePricePerShare;
        uint64 maxBuyoutDuration;
    }

    /// @notice The open (or completed) buy-out of a vault as `buyoutOf` returns it.
    /// @param acquired shares tendered or redeemed so far
    /// @param tendered of those, shares the vault holds (tendered, not yet burned)
    /// @param unconditional the threshold was reached: it can no longer be cancelled or expire
    struct BuyoutInfo {
        address buyer;
        address cash;
        uint64 deadline;
        bool unconditional;
        uint256 pricePerShare;
        uint256 acquired;
        uint256 tendered;
    }

    event CuratorSet(address indexed curator, bool allowed);
    event CertificateContractSet(address indexed certificate, bool allowed);
    /// @notice A certificate was locked and its share token issued with `shares` minted.
    event VaultLocked(
        uint256 indexed vaultId,
        address indexed certificate,
        uint256 indexed certificateId,
        address token,
        address curator,
        uint256 shares,
        bytes32 metadataHash,
        uint16 thresholdBps
    );
    /// @notice A buyer escrowed `escrow` = shares × price of `cash`.
    event BuyoutStarted(
        uint256 indexed vaultId, address indexed buyer, address indexed cash, uint256 pricePerShare, uint64 deadline, uint256 escrow
    );
    /// @notice A holder tendered `shares` and was paid `paid`.
    event SharesTendered(uint256 indexed vaultId, address indexed holder, uint256 shares, uint256 paid);
    /// @notice The threshold was reached: the remaining shares may be redeemed and the buy-out can no longer end
    /// without completing.
    event BuyoutUnconditional(uint256 indexed vaultId, uint256 acquired);
    /// @notice A holder's remaining shares were redeemed; `credited` is claimable with `claim`.
    event SharesRedeemed(uint256 indexed vaultId, address indexed holder, uint256 shares, uint256 credited);
    /// @notice A buy-out ended before its threshold; the buyer's unspent cash (`refund`) is claimable and the shares
    /// tendered so far (`sharesOwed`) are the buyer's to claim.
    event BuyoutEnded(uint256 indexed vaultId, address indexed buyer, uint256 refund, uint256 sharesOwed, bool expired);
    /// @notice Every share was acquired: the token was closed and the certificate released to `to`.
    event VaultReleased(uint256 indexed vaultId, address indexed buyer, address indexed to, uint256 sharesBurned);
    event CashClaimed(address indexed cash, address indexed account, address to, uint256 amount);
    event SharesClaimed(uint256 indexed vaultId, address indexed account, address to, uint256 shares);
    /// @notice Shares sent to the vault outside a tender were returned by the platform owner.
    event StraySharesReturned(uint256 indexed vaultId, address indexed to, uint256 shares);
    event CertificateRescued(address indexed certificate, uint256 indexed certificateId, address to);
    event TokenAgentSet(uint256 indexed vaultId, address indexed agent, uint16 permissions);

    error FractionVaultNotCurator(address account);
    error FractionVaultCertificateNotAllowed(address certificate);
    error FractionVaultCertificateLocked(uint256 vaultId);
    error FractionVaultNotHeld(address certificate, uint256 certificateId);
    /// @notice The vault could not receive tendered shares under the new token's rules: it is not a verified
    /// investor of the platform's registry, or the terms' country or accreditation rules exclude it.
    error FractionVaultNotVerified(address vault);
    error FractionVaultInvalidTerms(string reason);
    error FractionVaultReservedDocument(bytes32 name);
    error FractionVaultAgentPermissionRefused(address agent, uint16 permissions);
    error FractionVaultMintRefused(address holder, uint8 code);
    error FractionVaultUnknownVault(uint256 vaultId);
    error FractionVaultWrongStatus(uint256 vaultId, Status status);
    error FractionVaultInvalidCash(address cash);
    error FractionVaultPriceBelowReserve(uint256 pricePerShare, uint256 reservePricePerShare);
    error FractionVaultPriceOverflow(uint256 shares, uint256 pricePerShare);
    error FractionVaultInvalidDeadline(uint64 deadline);
    error FractionVaultBuyerNotEligible(address buyer);
    error FractionVaultCashShortfall(uint256 expected, uint256 received);
    error FractionVaultBuyoutExpired(uint256 vaultId, uint64 deadline);
    error FractionVaultBuyoutNotExpired(uint256 vaultId, uint64 deadline);
    error FractionVaultBuyoutUnconditional(uint256 vaultId);
    error FractionVaultThresholdNotReached(uint256 vaultId, uint256 acquired, uint256 thresholdShares);
    error FractionVaultBuyoutIncomplete(uint256 vaultId, uint256 acquired, uint256 shares);
    error FractionVaultNotBuyer(address account);
    error FractionVaultZeroAmount();
    /// @notice The token refuses the tender (`code`: its ERC-1404 restriction code, e.g. 9 when the vault was not
    /// approved, 3 for an unverified holder, 11 frozen, 12 locked).
    error FractionVaultTenderRefused(address holder, uint8 code);
    /// @notice The token refuses to pay out shares to `to` (`code`: its ERC-1404 restriction code).
    error FractionVaultShareTransferRefused(address to, uint8 code);
    error FractionVaultInvalidHolder(address holder);
    error FractionVaultNothingToRedeem(address holder);
    error FractionVaultNothingToClaim(address account);
    error FractionVaultInvalidRecipient(address to);
    error FractionVaultStraySharesExceeded(uint256 amount, uint256 stray);

    /// @notice Allows or disallows a curator (auction house, gallery) to lock certificates (platform owner).
    function setCurator(address curator, bool allowed) external;

    /// @notice Allows or disallows a certificate contract whose tokens may be locked (platform owner).
    function setCertificateContract(address certificate, bool allowed) external;

    /// @notice Grants a further agent of a vault's token exactly `permissions` (platform owner); never mint, burn
    /// or forced transfer.
    function setTokenAgent(uint256 vaultId, address agent, uint16 permissions) external;

    /// @notice Opens a buy-out: escrows `shares × pricePerShare` of `cash` from the caller, who must be able to
    /// receive the token (verified investor passing its country and accreditation rules).
    function startBuyout(uint256 vaultId, address cash, uint256 pricePerShare, uint64 deadline) external;

    /// @notice Tenders `shares` of the caller to the vault (`transferFrom` under every rule of the token, so the
    /// vault must be approved first) and pays `shares × price` to the caller at once.
    function tender(uint256 vaultId, uint256 shares) external;

    /// @notice After the threshold: redeems every share of each listed holder (burned by the vault as an agent) and
    /// of any shares the vault owes them, crediting `shares × price` to claim with `claim`. Anyone may call it:
    /// the terms decided it, and the outcome does not depend on the caller.
    function redeem(uint256 vaultId, address[] calldata holders) external;

    /// @notice The buyer ends the buy-out before its threshold.
    function cancelBuyout(uint256 vaultId) external;

    /// @notice Anyone ends a buy-out whose deadline passed before its threshold.
    function expireBuyout(uint256 vaultId) external;

    /// @notice The buyer, once every share is acquired: burns the tendered shares, pauses the token and sends the
    /// certificate to `to` (safeTransferFrom).
    function release(uint256 vaultId, address to) external;

    /// @notice Pays the caller's claimable `cash` (redemptions, refunds) to `to`.
    function claim(address cash, address to) external returns (uint256 amount);

    /// @notice Transfers the shares the vault owes the caller (tendered in a buy-out that ended) to `to`, under
    /// every rule of the token.
    function claimShares(uint256 vaultId, address to) external returns (uint256 shares);

    /// @notice Returns shares sent to the vault outside a tender (platform owner, at most the stray amount).
    function returnStrayShares(uint256 vaultId, address to, uint256 shares) external;

    /// @notice Sends back a certificate that reached the vault without locking (a plain `transferFrom`, which calls
    /// no hook) or after its vault was released (platform owner); a locked certificate never leaves this way.
    function rescueCertificate(address certificate, uint256 certificateId, address to) external;

    /// @notice A vault.
    function vaultOf(uint256 vaultId) external view returns (VaultInfo memory);

    /// @notice The vault holding a certificate (0: none).
    function vaultIdOf(address certificate, uint256 certificateId) external view returns (uint256);

    /// @notice Whether a certificate is locked here (held by a vault that was not released). A certificate
    /// contract can read it to refuse status changes or forced transfers of a certificate shares stand for.
    function isLocked(address certificate, uint256 certificateId) external view returns (bool);

    /// @notice A vault's current or last buy-out (zero buyer: none).
    function buyoutOf(uint256 vaultId) external view returns (BuyoutInfo memory);

    /// @notice Cash `account` may claim in `cash`.
    function claimable(address cash, address account) external view returns (uint256);

    /// @notice Shares the vault owes `account` from a buy-out that ended.
    function sharesOwed(uint256 vaultId, address account) external view returns (uint256);

    /// @notice Everything the vault owes in `cash`: open escrows plus claimable credits. Its balance of `cash`
    /// equals this unless someone sent cash outside a buy-out.
    function cashOwed(address cash) external view returns (uint256);

    /// @notice Number of vaults created.
    function vaultCount() external view returns (uint256);

    /// @notice Whether `account` may lock certificates.
    function isCurator(address account) external view returns (bool);

    /// @notice Whether tokens of `certificate` may be locked.
    function isCertificateContract(address certificate) external view returns (bool);

    /// @notice The platform's token factory the vault issues through.
    function tokenFactory() external view returns (address);
}

/// @title The mint pre-flight view of a Folio security token (SecurityToken's own, outside ISecurityToken)
interface IFractionVaultMintCheck {
    /// @notice The restriction code `mint(to, value)` would revert with (0: it succeeds for a minting agent).
    function detectMintRestriction(address to, uint256 value) external view returns (uint8 code);
}
