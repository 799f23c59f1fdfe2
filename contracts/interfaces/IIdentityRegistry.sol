// SPDX-License-Identifier: MIT
// Events keep values unindexed: indexers read every registry event, nobody filters logs by country or flags.
// solhint-disable gas-indexed-events
pragma solidity ^0.8.28;

import {PackedInvestor} from "./PackedInvestor.sol";

/// @title Folio identity registry: investors (opaque ids, no personal data) and their wallets
/// @notice Shared by every token of a platform. KYC agents write it; tokens read it on every transfer.
interface IIdentityRegistry {
    /// @notice An investor's on-chain record, packed into one storage slot (88 bits).
    /// @param country ISO 3166-1 numeric country code (1..999)
    /// @param kycValidUntil KYC is valid up to and including this timestamp
    /// @param flags category bits (FLAG_* in InvestorFlags)
    /// @param status 0 not registered, 1 active, 2 liquidate-only, 3 suspended
    /// @param walletCount wallets currently linked to the investor
    struct Investor {
        uint16 country;
        uint40 kycValidUntil;
        uint8 flags;
        uint8 status;
        uint32 walletCount;
    }

    event InvestorRegistered(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags);
    event InvestorUpdated(bytes32 indexed investorId, uint16 country, uint40 kycValidUntil, uint8 flags);
    event InvestorStatusChanged(bytes32 indexed investorId, uint8 status);
    event InvestorRemoved(bytes32 indexed investorId);
    event WalletAdded(bytes32 indexed investorId, address indexed wallet);
    event WalletRemoved(bytes32 indexed investorId, address indexed wallet);

    error IdentityRegistryNotAgent(address account);
    error IdentityRegistryInvalidInvestorId();
    error IdentityRegistryInvestorExists(bytes32 investorId);
    error IdentityRegistryUnknownInvestor(bytes32 investorId);
    error IdentityRegistryInvalidCountry(uint16 country);
    error IdentityRegistryInvalidKycExpiry(uint64 kycValidUntil);
    error IdentityRegistryInvalidFlags(uint8 flags);
    error IdentityRegistryInvalidStatus(uint8 status);
    error IdentityRegistryInvalidWallet(address wallet);
    error IdentityRegistryWalletLinked(address wallet, bytes32 investorId);
    error IdentityRegistryWalletBelongsToOther(address wallet, bytes32 investorId);
    error IdentityRegistryWalletNotLinked(address wallet);
    error IdentityRegistryInvestorHasWallets(bytes32 investorId, uint32 walletCount);
    error IdentityRegistryLengthMismatch();

    /// @notice Registers an investor with its first wallet.
    function registerInvestor(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags)
        external;

    /// @notice Registers many investors, each with its first wallet.
    function batchRegisterInvestors(
        bytes32[] calldata investorIds,
        address[] calldata wallets,
        uint16[] calldata countries,
        uint64[] calldata kycValidUntils,
        uint8[] calldata flags
    ) external;

    /// @notice Replaces an investor's country, KYC expiry and category flags.
    function updateInvestor(bytes32 investorId, uint16 country, uint64 kycValidUntil, uint8 flags) external;

    /// @notice Updates many investors.
    function batchUpdateInvestors(
        bytes32[] calldata investorIds,
        uint16[] calldata countries,
        uint64[] calldata kycValidUntils,
        uint8[] calldata flags
    ) external;

    /// @notice Sets an investor's status: 1 active, 2 liquidate-only, 3 suspended.
    function setInvestorStatus(bytes32 investorId, uint8 status) external;

    /// @notice Sets the status of many investors.
    function batchSetInvestorStatus(bytes32[] calldata investorIds, uint8[] calldata statuses) external;

    /// @notice Removes an investor that has no linked wallet left.
    function removeInvestor(bytes32 investorId) external;

    /// @notice Removes many investors.
    function batchRemoveInvestors(bytes32[] calldata investorIds) external;

    /// @notice Links another wallet to an investor.
    function addWallet(bytes32 investorId, address wallet) external;

    /// @notice Links many wallets.
    function batchAddWallets(bytes32[] calldata investorIds, address[] calldata wallets) external;

    /// @notice Unlinks a wallet; it stays attributed to its investor and can only ever be relinked to it.
    function removeWallet(address wallet) external;

    /// @notice Unlinks many wallets.
    function batchRemoveWallets(address[] calldata wallets) external;

    /// @notice ERC-3643: the wallet is linked to an active investor whose KYC has not expired.
    function isVerified(address wallet) external view returns (bool);

    /// @notice The investor a wallet is linked to (0 if none).
    function investorOf(address wallet) external view returns (bytes32);

    /// @notice An investor's record (status 0 when not registered).
    function investor(bytes32 investorId) external view returns (Investor memory);

    /// @notice The investor linked to a wallet, with its record.
    function investorOfWallet(address wallet) external view returns (bytes32 investorId, Investor memory record);

    /// @notice Both sides of a transfer in one call, as tokens read them on every transfer. For each wallet: the
    /// investor it is linked to, or was last linked to (0: never linked), and that investor's packed record with
    /// the "linked now" bit (an unlinked wallet is never verified).
    function parties(address from, address to)
        external
        view
        returns (bytes32 fromId, PackedInvestor fromRecord, bytes32 toId, PackedInvestor toRecord);

    /// @notice One side of a transfer (see `parties`).
    function party(address wallet) external view returns (bytes32 investorId, PackedInvestor record);
}
