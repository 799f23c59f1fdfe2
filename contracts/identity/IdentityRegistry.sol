// SPDX-License-Identifier: MIT
// Comparisons follow the rules' wording ("valid up to and including", "released at"); strict rewrites save
// three gas and hide the meaning.
// solhint-disable gas-strict-inequalities
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {InvestorFlags} from "../interfaces/InvestorFlags.sol";
import {PackedInvestor, PackedInvestorLib} from "../interfaces/PackedInvestor.sol";

/// @title IdentityRegistry
/// @notice Investors of a Folio platform: an opaque id with a country, a KYC expiry, category flags and a status,
/// and the wallets linked to each investor. No personal data is stored or emitted.
/// @dev Two storage reads answer a token's question about a wallet (wallet -> id, id -> record), so a transfer pays
/// four cold reads here. A wallet, once linked to an investor, stays attributed to that investor for ever (it can be
/// unlinked and relinked, but never to someone else): tokens key their per-investor accounting on that attribution,
/// and it is what stops two investors' balances from ever merging.
contract IdentityRegistry is IIdentityRegistry, IAgentRole, Ownable2Step {
    uint16 private constant _MAX_COUNTRY = 999;

    // One word per investor (see PackedInvestor): tokens get it as is, without struct encoding.
    mapping(bytes32 investorId => PackedInvestor) private _investors;
    mapping(address wallet => bytes32 investorId) private _linkedInvestor;
    // Written only when a wallet is unlinked, so registering an investor pays for two slots, not three.
    mapping(address wallet => bytes32 investorId) private _formerInvestor;
    mapping(address agent => bool) private _agents;

    modifier onlyAgent() {
        if (!_agents[msg.sender]) revert IdentityRegistryNotAgent(msg.sender);
        _;
    }

    /// @param owner_ the registry owner, who grants and revokes KYC agents
    constructor(address owner_) Ownable(owner_) {}

    // --- agents ---

    /// @inheritdoc IAgentRole
    function addAgent(address _agent) external onlyOwner {
        if (_agent == address(0)) revert IdentityRegistryInvalidWallet(_agent);
        if (!_agents[_agent]) {
            _agents[_agent] = true;
            emit AgentAdded(_agent);
        }
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address _agent) external onlyOwner {
        if (_agents[_agent]) {
            _agents[_agent] = false;
            emit AgentRemoved(_agent);
        }
    }

    /// @inheritdoc IAgentRole
    function isAgent(address _agent) external view returns (bool) {
        return _agents[_agent];
    }

    // --- investors ---

    /// @inheritdoc IIdentityRegistry
    function registerInvestor(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags)
        external
        onlyAgent
    {
        _register(investorId, wallet, country, kycValidUntil, flags);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRegisterInvestors(
        bytes32[] calldata investorIds,
        address[] calldata wallets,
        uint16[] calldata countries,
        uint64[] calldata kycValidUntils,
        uint8[] calldata flags
    ) external onlyAgent {
        uint256 n = investorIds.length;
        if (wallets.length != n || countries.length != n || kycValidUntils.length != n || flags.length != n) {
            revert IdentityRegistryLengthMismatch();
        }
        for (uint256 i; i < n; ++i) {
            _register(investorIds[i], wallets[i], countries[i], kycValidUntils[i], flags[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function updateInvestor(bytes32 investorId, uint16 country, uint64 kycValidUntil, uint8 flags) external onlyAgent {
        _update(investorId, country, kycValidUntil, flags);
    }

    /// @inheritdoc IIdentityRegistry
    function batchUpdateInvestors(
        bytes32[] calldata investorIds,
        uint16[] calldata countries,
        uint64[] calldata kycValidUntils,
        uint8[] calldata flags
    ) external onlyAgent {
        uint256 n = investorIds.length;
        if (countries.length != n || kycValidUntils.length != n || flags.length != n) {
            revert IdentityRegistryLengthMismatch();
        }
        for (uint256 i; i < n; ++i) {
            _update(investorIds[i], countries[i], kycValidUntils[i], flags[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function setInvestorStatus(bytes32 investorId, uint8 status) external onlyAgent {
        _setStatus(investorId, status);
    }

    /// @inheritdoc IIdentityRegistry
    function batchSetInvestorStatus(bytes32[] calldata investorIds, uint8[] calldata statuses) external onlyAgent {
        if (statuses.length != investorIds.length) revert IdentityRegistryLengthMismatch();
        for (uint256 i; i < investorIds.length; ++i) {
            _setStatus(investorIds[i], statuses[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function removeInvestor(bytes32 investorId) external onlyAgent {
        _remove(investorId);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRemoveInvestors(bytes32[] calldata investorIds) external onlyAgent {
        for (uint256 i; i < investorIds.length; ++i) {
            _remove(investorIds[i]);
        }
    }

    // --- wallets ---

    /// @inheritdoc IIdentityRegistry
    function addWallet(bytes32 investorId, address wallet) external onlyAgent {
        _requireRegistered(investorId);
        _link(investorId, wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function batchAddWallets(bytes32[] calldata investorIds, address[] calldata wallets) external onlyAgent {
        if (wallets.length != investorIds.length) revert IdentityRegistryLengthMismatch();
        for (uint256 i; i < wallets.length; ++i) {
            _requireRegistered(investorIds[i]);
            _link(investorIds[i], wallets[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function removeWallet(address wallet) external onlyAgent {
        _unlink(wallet);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRemoveWallets(address[] calldata wallets) external onlyAgent {
        for (uint256 i; i < wallets.length; ++i) {
            _unlink(wallets[i]);
        }
    }

    // --- views ---

    /// @inheritdoc IIdentityRegistry
    function isVerified(address wallet) external view returns (bool) {
        bytes32 id = _linkedInvestor[wallet];
        if (id == bytes32(0)) return false;
        PackedInvestor record = _investors[id];
        return record.status() == InvestorFlags.STATUS_ACTIVE && record.kycValidUntil() >= block.timestamp;
    }

    /// @inheritdoc IIdentityRegistry
    function investorOf(address wallet) external view returns (bytes32) {
        return _linkedInvestor[wallet];
    }

    /// @inheritdoc IIdentityRegistry
    function investor(bytes32 investorId) external view returns (Investor memory) {
        return _investors[investorId].unpack();
    }

    /// @inheritdoc IIdentityRegistry
    function investorOfWallet(address wallet) external view returns (bytes32 investorId, Investor memory record) {
        investorId = _linkedInvestor[wallet];
        if (investorId != bytes32(0)) record = _investors[investorId].unpack();
    }

    /// @inheritdoc IIdentityRegistry
    function parties(address from, address to)
        external
        view
        returns (bytes32 fromId, PackedInvestor fromRecord, bytes32 toId, PackedInvestor toRecord)
    {
        (fromId, fromRecord) = _party(from);
        (toId, toRecord) = _party(to);
    }

    /// @inheritdoc IIdentityRegistry
    function party(address wallet) external view returns (bytes32 investorId, PackedInvestor record) {
        return _party(wallet);
    }

    // --- internals ---

    function _party(address wallet) private view returns (bytes32 id, PackedInvestor record) {
        id = _linkedInvestor[wallet];
        if (id != bytes32(0)) return (id, _investors[id].asLinked());
        // Only unlinked wallets pay for this read: they are never verified, so only agents move their tokens.
        id = _formerInvestor[wallet];
        if (id != bytes32(0)) record = _investors[id];
    }

    function _register(bytes32 investorId, address wallet, uint16 country, uint64 kycValidUntil, uint8 flags) private {
        if (investorId == bytes32(0)) revert IdentityRegistryInvalidInvestorId();
        if (_investors[investorId].status() != InvestorFlags.STATUS_NONE) {
            revert IdentityRegistryInvestorExists(investorId);
        }
        uint40 validUntil = _checkRecord(country, kycValidUntil, flags);
        _investors[investorId] = PackedInvestorLib.pack(country, validUntil, flags, InvestorFlags.STATUS_ACTIVE, 0);
        emit InvestorRegistered(investorId, country, validUntil, flags);
        _link(investorId, wallet);
    }

    function _update(bytes32 investorId, uint16 country, uint64 kycValidUntil, uint8 flags) private {
        PackedInvestor record = _requireRegistered(investorId);
        uint40 validUntil = _checkRecord(country, kycValidUntil, flags);
        _investors[investorId] =
            PackedInvestorLib.pack(country, validUntil, flags, record.status(), record.walletCount());
        emit InvestorUpdated(investorId, country, validUntil, flags);
    }

    function _setStatus(bytes32 investorId, uint8 status) private {
        PackedInvestor record = _requireRegistered(investorId);
        if (status == InvestorFlags.STATUS_NONE || status > InvestorFlags.STATUS_SUSPENDED) {
            revert IdentityRegistryInvalidStatus(status);
        }
        _investors[investorId] = record.withStatus(status);
        emit InvestorStatusChanged(investorId, status);
    }

    function _remove(bytes32 investorId) private {
        PackedInvestor record = _requireRegistered(investorId);
        uint32 walletCount = record.walletCount();
        if (walletCount != 0) revert IdentityRegistryInvestorHasWallets(investorId, walletCount);
        _investors[investorId] = PackedInvestor.wrap(0);
        emit InvestorRemoved(investorId);
    }

    function _link(bytes32 investorId, address wallet) private {
        if (wallet == address(0)) revert IdentityRegistryInvalidWallet(wallet);
        bytes32 linked = _linkedInvestor[wallet];
        if (linked != bytes32(0)) revert IdentityRegistryWalletLinked(wallet, linked);
        bytes32 former = _formerInvestor[wallet];
        if (former != bytes32(0) && former != investorId) revert IdentityRegistryWalletBelongsToOther(wallet, former);
        _linkedInvestor[wallet] = investorId;
        PackedInvestor record = _investors[investorId];
        // Cannot overflow in practice: every increment is paid for with a new wallet slot.
        _investors[investorId] = record.withWalletCount(record.walletCount() + 1);
        emit WalletAdded(investorId, wallet);
    }

    function _unlink(address wallet) private {
        bytes32 id = _linkedInvestor[wallet];
        if (id == bytes32(0)) revert IdentityRegistryWalletNotLinked(wallet);
        delete _linkedInvestor[wallet];
        _formerInvestor[wallet] = id;
        PackedInvestor record = _investors[id];
        // A linked wallet is counted, so the count is at least one.
        _investors[id] = record.withWalletCount(record.walletCount() - 1);
        emit WalletRemoved(id, wallet);
    }

    function _requireRegistered(bytes32 investorId) private view returns (PackedInvestor record) {
        record = _investors[investorId];
        if (record.status() == InvestorFlags.STATUS_NONE) revert IdentityRegistryUnknownInvestor(investorId);
    }

    function _checkRecord(uint16 country, uint64 kycValidUntil, uint8 flags) private view returns (uint40) {
        if (country == 0 || country > _MAX_COUNTRY) revert IdentityRegistryInvalidCountry(country);
        // An expiry must lie in the future and fit the 40-bit field: no silent truncation, no "0 means never".
        if (kycValidUntil <= block.timestamp || kycValidUntil > type(uint40).max) {
            revert IdentityRegistryInvalidKycExpiry(kycValidUntil);
        }
        if (flags & ~uint8(InvestorFlags.ALL) != 0) revert IdentityRegistryInvalidFlags(flags);
        return uint40(kycValidUntil);
    }
}
