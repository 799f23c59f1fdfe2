// SPDX-License-Identifier: MIT
// Deadlines are "open up to and including": the comparisons read as the rule says.
// solhint-disable gas-strict-inequalities
// Vault's slot 0 is already full (31 bytes) and its two addresses cannot share a slot: the packing hint is a false
// positive there.
// solhint-disable gas-struct-packing
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC1404} from "../../interfaces/IERC1404.sol";
import {IERC3643} from "../../interfaces/IERC3643.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943Fungible.sol";
import {IFractionVault, IFractionVaultMintCheck} from "../../interfaces/IFractionVault.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {ITokenFactory} from "../../interfaces/ITokenFactory.sol";
import {FractionVaultIssuance as Issuance} from "./FractionVaultIssuance.sol";

/// @title FractionVault
/// @notice Fractional ownership of artworks: locks certificates of authenticity (ERC-721), issues a Folio security
/// token for each work through the platform's TokenFactory, and runs the buy-out that reunites the shares and
/// releases the certificate. One contract per platform holds every vault: the identity registry verifies one
/// address (the vault must be a verified investor to receive tendered shares under the token's rules) and the
/// factory allows one issuer.
///
/// Life of a vault:
/// - Lock: an allowed curator sends an allowed certificate with `safeTransferFrom(owner, vault, id, abi.encode(terms))`.
///   The vault issues the token (documents `certificate` and `metadata` carry the certificate's CAIP-19 id and its
///   metadata hash), mints the shares to the previous owner or per the terms, and keeps only the burn and pause
///   permissions. The certificate then cannot move until the vault is released: the vault approves nobody and
///   transfers it only in `release`.
/// - Buy-out: a verified buyer escrows `shares × price` in any ERC-20 (fee-on-transfer refused). Holders tender
///   through the token's `transferFrom` under every rule and are paid at once. Once the tendered shares reach the
///   terms' threshold, the buy-out is unconditional: remaining holders are redeemed (their shares burned, their
///   cash credited, pulled with `claim`). Before that, the buyer may cancel, and anyone may end it after its
///   deadline: the unspent escrow is credited back to the buyer and the shares tendered so far are the buyer's.
/// - Release: once every share is acquired, the buyer takes the certificate; the vault burns the tendered shares and
///   pauses the token (supply 0).
///
/// Invariants (tested after every scenario): for each vault, token supply + shares owed by the vault to past
/// buyers + shares acquired in the open buy-out, less the tendered shares the vault holds, equals the shares
/// issued; for each cash token, the vault's balance equals `cashOwed` (open escrows + claimable credits).
/// Trust: the platform's KYC agents must never link another wallet to the vault's investor id (a recovery agent of a
/// share token could then move the vault's shares), and the certificate contract's own powers (status changes,
/// ERC-7943 forced transfers) reach a locked certificate too: it can read `isLocked` to refuse them.
/// @dev Amounts are `shares × pricePerShare`, the price in cash base units per share base unit, so no amount is
/// ever rounded; only the threshold (shares × bps / 10,000) rounds, up. Every state-changing entry point is
/// `nonReentrant` and follows checks-effects-interactions, with the cash token's transfer last.
contract FractionVault is IFractionVault, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Slot 0 packs what every buy-out step reads (certificate, status, threshold bps, duration): 20 + 1 + 2 + 8
    /// bytes, one cold SLOAD (2,100 gas) instead of four.
    struct Vault {
        address certificate;
        Status status;
        uint16 thresholdBps;
        uint64 maxBuyoutDuration;
        uint256 certificateId;
        address token;
        address curator;
        bytes32 metadataHash;
        uint256 shares;
        uint256 thresholdShares;
        uint256 reservePricePerShare;
    }

    /// @dev Slot 0 packs buyer, deadline and the unconditional flag (20 + 8 + 1 bytes), read by every tender.
    struct Buyout {
        address buyer;
        uint64 deadline;
        bool unconditional;
        address cash;
        uint256 pricePerShare;
        uint256 acquired;
        uint256 tendered;
    }

    ITokenFactory private immutable _factory;

    uint256 private _vaultCount;
    mapping(uint256 vaultId => Vault) private _vaults;
    mapping(uint256 vaultId => Buyout) private _buyouts;
    mapping(address certificate => mapping(uint256 certificateId => uint256 vaultId)) private _vaultIds;
    mapping(address cash => mapping(address account => uint256)) private _credits;
    mapping(address cash => uint256) private _cashOwed;
    mapping(uint256 vaultId => mapping(address account => uint256)) private _sharesOwed;
    mapping(uint256 vaultId => uint256) private _totalSharesOwed;
    mapping(address account => bool) private _curators;
    mapping(address certificate => bool) private _certificates;

    /// @param owner_ the platform owner: allows curators and certificate contracts
    /// @param factory_ the platform's token factory; it must allow this vault as an issuer
    constructor(address owner_, ITokenFactory factory_) Ownable(owner_) {
        _factory = factory_;
    }

    // =============================================================== platform owner

    /// @inheritdoc IFractionVault
    function setCurator(address curator, bool allowed) external onlyOwner {
        if (curator == address(0)) revert FractionVaultNotCurator(curator);
        _curators[curator] = allowed;
        emit CuratorSet(curator, allowed);
    }

    /// @inheritdoc IFractionVault
    function setCertificateContract(address certificate, bool allowed) external onlyOwner {
        if (certificate.code.length == 0) revert FractionVaultCertificateNotAllowed(certificate);
        _certificates[certificate] = allowed;
        emit CertificateContractSet(certificate, allowed);
    }

    /// @inheritdoc IFractionVault
    function setTokenAgent(uint256 vaultId, address agent, uint16 permissions) external onlyOwner nonReentrant {
        Vault storage v = _vault(vaultId);
        if (v.status == Status.Released) revert FractionVaultWrongStatus(vaultId, v.status);
        if (agent == address(this) || permissions & Issuance.REFUSED_PERMISSIONS != 0) {
            revert FractionVaultAgentPermissionRefused(agent, permissions);
        }
        emit TokenAgentSet(vaultId, agent, permissions);
        ISecurityToken(v.token).setAgentPermissions(agent, permissions);
    }

    /// @inheritdoc IFractionVault
    function returnStrayShares(uint256 vaultId, address to, uint256 shares) external onlyOwner nonReentrant {
        Vault storage v = _vault(vaultId);
        if (shares == 0) revert FractionVaultZeroAmount();
        uint256 accounted = _totalSharesOwed[vaultId];
        if (v.status == Status.Buyout) accounted += _buyouts[vaultId].tendered;
        uint256 stray = IERC20(v.token).balanceOf(address(this)) - accounted;
        if (shares > stray) revert FractionVaultStraySharesExceeded(shares, stray);
        _transferShares(v.token, to, shares);
        emit StraySharesReturned(vaultId, to, shares);
    }

    /// @inheritdoc IFractionVault
    function rescueCertificate(address certificate, uint256 certificateId, address to) external onlyOwner nonReentrant {
        uint256 vaultId = _vaultIds[certificate][certificateId];
        if (vaultId != 0 && _vaults[vaultId].status != Status.Released) revert FractionVaultCertificateLocked(vaultId);
        if (to == address(0) || to == address(this)) revert FractionVaultInvalidRecipient(to);
        emit CertificateRescued(certificate, certificateId, to);
        IERC721(certificate).safeTransferFrom(address(this), to, certificateId);
    }

    // =============================================================== lock and issue

    /// @inheritdoc IERC721Receiver
    /// @dev Called by the certificate contract after the certificate became the vault's: `operator` is who sent
    /// it (an allowed curator), `from` its previous owner (receives the shares unless the terms allocate them).
    function onERC721Received(address operator, address from, uint256 certificateId, bytes calldata data)
        external
        nonReentrant
        returns (bytes4)
    {
        address certificate = msg.sender;
        if (!_curators[operator]) revert FractionVaultNotCurator(operator);
        if (!_certificates[certificate]) revert FractionVaultCertificateNotAllowed(certificate);
        if (IERC721(certificate).ownerOf(certificateId) != address(this)) {
            revert FractionVaultNotHeld(certificate, certificateId);
        }
        if (data.length == 0) revert FractionVaultInvalidTerms("no terms");
        _lock(operator, from, certificate, certificateId, abi.decode(data, (Terms)));
        return IERC721Receiver.onERC721Received.selector;
    }

    // =============================================================== buy-out

    /// @inheritdoc IFractionVault
    function startBuyout(uint256 vaultId, address cash, uint256 pricePerShare, uint64 deadline) external nonReentrant {
        Vault storage v = _vault(vaultId);
        if (v.status != Status.Locked) revert FractionVaultWrongStatus(vaultId, v.status);
        address token = v.token;
        if (cash == address(0) || cash == token || cash.code.length == 0) revert FractionVaultInvalidCash(cash);
        if (pricePerShare < v.reservePricePerShare) {
            revert FractionVaultPriceBelowReserve(pricePerShare, v.reservePricePerShare);
        }
        if (deadline <= block.timestamp || deadline > block.timestamp + v.maxBuyoutDuration) {
            revert FractionVaultInvalidDeadline(deadline);
        }
        if (!IERC7943Fungible(token).canReceive(msg.sender)) revert FractionVaultBuyerNotEligible(msg.sender);
        uint256 escrow = Issuance.cost(v.shares, pricePerShare);

        v.status = Status.Buyout;
        _buyouts[vaultId] = Buyout({
            buyer: msg.sender,
            deadline: deadline,
            unconditional: false,
            cash: cash,
            pricePerShare: pricePerShare,
            acquired: 0,
            tendered: 0
        });
        _cashOwed[cash] += escrow;
        emit BuyoutStarted(vaultId, msg.sender, cash, pricePerShare, deadline, escrow);

        // The balance check after the transfer reverts everything above if the token kept a fee.
        uint256 before = IERC20(cash).balanceOf(address(this));
        IERC20(cash).safeTransferFrom(msg.sender, address(this), escrow);
        uint256 received = IERC20(cash).balanceOf(address(this)) - before;
        if (received != escrow) revert FractionVaultCashShortfall(escrow, received);
    }

    /// @inheritdoc IFractionVault
    function tender(uint256 vaultId, uint256 shares) external nonReentrant {
        Vault storage v = _vault(vaultId);
        if (v.status != Status.Buyout) revert FractionVaultWrongStatus(vaultId, v.status);
        Buyout storage b = _buyouts[vaultId];
        if (!b.unconditional && block.timestamp > b.deadline) revert FractionVaultBuyoutExpired(vaultId, b.deadline);
        if (shares == 0) revert FractionVaultZeroAmount();
        address token = v.token;
        uint8 code = IERC1404(token).detectTransferRestrictionFrom(address(this), msg.sender, address(this), shares);
        if (code != 0) revert FractionVaultTenderRefused(msg.sender, code);
        // Cannot overflow: the escrow shares × price was computed at start and shares <= supply.
        uint256 paid = shares * b.pricePerShare;
        address cash = b.cash;

        uint256 acquired = b.acquired + shares;
        b.acquired = acquired;
        b.tendered += shares;
        _cashOwed[cash] -= paid;
        emit SharesTendered(vaultId, msg.sender, shares, paid);
        if (!b.unconditional && acquired >= v.thresholdShares) {
            b.unconditional = true;
            emit BuyoutUnconditional(vaultId, acquired);
        }

        // The share token is the factory's own Folio token (trusted); the cash token, last, may be hostile.
        IERC20(token).safeTransferFrom(msg.sender, address(this), shares);
        IERC20(cash).safeTransfer(msg.sender, paid);
    }

    /// @inheritdoc IFractionVault
    function redeem(uint256 vaultId, address[] calldata holders) external nonReentrant {
        Vault storage v = _vault(vaultId);
        if (v.status != Status.Buyout) revert FractionVaultWrongStatus(vaultId, v.status);
        Buyout storage b = _buyouts[vaultId];
        if (!b.unconditional) revert FractionVaultThresholdNotReached(vaultId, b.acquired, v.thresholdShares);
        address token = v.token;
        bool any;
        for (uint256 i; i < holders.length; ++i) {
            if (_redeemOne(vaultId, token, b, holders[i])) any = true;
        }
        if (!any) revert FractionVaultNothingToRedeem(holders.length == 0 ? address(0) : holders[0]);
    }

    /// @inheritdoc IFractionVault
    function cancelBuyout(uint256 vaultId) external nonReentrant {
        Buyout storage b = _openBuyout(vaultId);
        if (msg.sender != b.buyer) revert FractionVaultNotBuyer(msg.sender);
        _endBuyout(vaultId, b, false);
    }

    /// @inheritdoc IFractionVault
    function expireBuyout(uint256 vaultId) external nonReentrant {
        Buyout storage b = _openBuyout(vaultId);
        if (block.timestamp <= b.deadline) revert FractionVaultBuyoutNotExpired(vaultId, b.deadline);
        _endBuyout(vaultId, b, true);
    }

    /// @inheritdoc IFractionVault
    function release(uint256 vaultId, address to) external nonReentrant {
        Vault storage v = _vault(vaultId);
        if (v.status != Status.Buyout) revert FractionVaultWrongStatus(vaultId, v.status);
        Buyout storage b = _buyouts[vaultId];
        if (msg.sender != b.buyer) revert FractionVaultNotBuyer(msg.sender);
        if (b.acquired != v.shares) revert FractionVaultBuyoutIncomplete(vaultId, b.acquired, v.shares);
        if (to == address(0) || to == address(this)) revert FractionVaultInvalidRecipient(to);
        uint256 burned = b.tendered;
        address token = v.token;

        v.status = Status.Released;
        b.tendered = 0;
        emit VaultReleased(vaultId, msg.sender, to, burned);

        // Every other share was burned by redemption: this empties the supply. Burning bypasses pause, so closing
        // works even if an agent paused the token.
        if (burned != 0) IERC3643(token).burn(address(this), burned);
        if (!IERC3643(token).paused()) IERC3643(token).pause();
        IERC721(v.certificate).safeTransferFrom(address(this), to, v.certificateId);
    }

    // =============================================================== pull payments

    /// @inheritdoc IFractionVault
    function claim(address cash, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert FractionVaultInvalidRecipient(to);
        amount = _credits[cash][msg.sender];
        if (amount == 0) revert FractionVaultNothingToClaim(msg.sender);
        delete _credits[cash][msg.sender];
        _cashOwed[cash] -= amount;
        emit CashClaimed(cash, msg.sender, to, amount);
        IERC20(cash).safeTransfer(to, amount);
    }

    /// @inheritdoc IFractionVault
    function claimShares(uint256 vaultId, address to) external nonReentrant returns (uint256 shares) {
        Vault storage v = _vault(vaultId);
        if (to == address(0) || to == address(this)) revert FractionVaultInvalidRecipient(to);
        shares = _sharesOwed[vaultId][msg.sender];
        if (shares == 0) revert FractionVaultNothingToClaim(msg.sender);
        delete _sharesOwed[vaultId][msg.sender];
        _totalSharesOwed[vaultId] -= shares;
        emit SharesClaimed(vaultId, msg.sender, to, shares);
        _transferShares(v.token, to, shares);
    }

    // =============================================================== views

    /// @inheritdoc IFractionVault
    function vaultOf(uint256 vaultId) external view returns (VaultInfo memory info) {
        Vault storage v = _vaults[vaultId];
        info = VaultInfo({
            status: v.status,
            certificate: v.certificate,
            certificateId: v.certificateId,
            token: v.token,
            curator: v.curator,
            metadataHash: v.metadataHash,
            shares: v.shares,
            thresholdShares: v.thresholdShares,
            reservePricePerShare: v.reservePricePerShare,
            maxBuyoutDuration: v.maxBuyoutDuration
        });
    }

    /// @inheritdoc IFractionVault
    function vaultIdOf(address certificate, uint256 certificateId) external view returns (uint256) {
        return _vaultIds[certificate][certificateId];
    }

    /// @inheritdoc IFractionVault
    function isLocked(address certificate, uint256 certificateId) external view returns (bool) {
        uint256 vaultId = _vaultIds[certificate][certificateId];
        return vaultId != 0 && _vaults[vaultId].status != Status.Released;
    }

    /// @inheritdoc IFractionVault
    function buyoutOf(uint256 vaultId) external view returns (BuyoutInfo memory info) {
        Buyout storage b = _buyouts[vaultId];
        info = BuyoutInfo({
            buyer: b.buyer,
            cash: b.cash,
            deadline: b.deadline,
            unconditional: b.unconditional,
            pricePerShare: b.pricePerShare,
            acquired: b.acquired,
            tendered: b.tendered
        });
    }

    /// @inheritdoc IFractionVault
    function claimable(address cash, address account) external view returns (uint256) {
        return _credits[cash][account];
    }

    /// @inheritdoc IFractionVault
    function sharesOwed(uint256 vaultId, address account) external view returns (uint256) {
        return _sharesOwed[vaultId][account];
    }

    /// @inheritdoc IFractionVault
    function cashOwed(address cash) external view returns (uint256) {
        return _cashOwed[cash];
    }

    /// @inheritdoc IFractionVault
    function vaultCount() external view returns (uint256) {
        return _vaultCount;
    }

    /// @inheritdoc IFractionVault
    function isCurator(address account) external view returns (bool) {
        return _curators[account];
    }

    /// @inheritdoc IFractionVault
    function isCertificateContract(address certificate) external view returns (bool) {
        return _certificates[certificate];
    }

    /// @inheritdoc IFractionVault
    function tokenFactory() external view returns (address) {
        return address(_factory);
    }

    // =============================================================== internals

    function _vault(uint256 vaultId) private view returns (Vault storage v) {
        v = _vaults[vaultId];
        if (v.status == Status.None) revert FractionVaultUnknownVault(vaultId);
    }

    /// @dev The open buy-out of a vault that has not reached its threshold (the only kind that may end unfinished).
    function _openBuyout(uint256 vaultId) private view returns (Buyout storage b) {
        Vault storage v = _vault(vaultId);
        if (v.status != Status.Buyout) revert FractionVaultWrongStatus(vaultId, v.status);
        b = _buyouts[vaultId];
        if (b.unconditional) revert FractionVaultBuyoutUnconditional(vaultId);
    }

    /// @dev Ends a buy-out before its threshold: the unspent escrow becomes the buyer's claimable cash, the shares
    /// tendered so far (which the buyer paid for) the buyer's claimable shares. Nothing is pushed, so neither a
    /// hostile cash token nor a buyer the share token refuses can keep the vault from reopening.
    function _endBuyout(uint256 vaultId, Buyout storage b, bool expired) private {
        Vault storage v = _vaults[vaultId];
        address buyer = b.buyer;
        // Cannot overflow: at most the escrow computed at start.
        uint256 refund = (v.shares - b.acquired) * b.pricePerShare;
        uint256 tendered = b.tendered;
        _credits[b.cash][buyer] += refund;
        if (tendered != 0) {
            _sharesOwed[vaultId][buyer] += tendered;
            _totalSharesOwed[vaultId] += tendered;
        }
        delete _buyouts[vaultId];
        v.status = Status.Locked;
        emit BuyoutEnded(vaultId, buyer, refund, tendered, expired);
    }

    /// @dev Records the vault, issues its token through the factory and mints the shares.
    function _lock(address curator, address from, address certificate, uint256 certificateId, Terms memory t) private {
        uint256 thresholdShares = Issuance.checkTerms(t);
        uint256 vaultId = ++_vaultCount;
        address token = _factory.issueToken(Issuance.tokenConfig(t, certificate, certificateId));
        // Tenders reach the vault under the token's rules: it must be a verified investor the rules let receive.
        if (!IERC7943Fungible(token).canReceive(address(this))) revert FractionVaultNotVerified(address(this));
        _vaults[vaultId] = Vault({
            certificate: certificate,
            status: Status.Locked,
            thresholdBps: t.thresholdBps,
            maxBuyoutDuration: t.maxBuyoutDuration,
            certificateId: certificateId,
            token: token,
            curator: curator,
            metadataHash: t.metadataHash,
            shares: t.shares,
            thresholdShares: thresholdShares,
            reservePricePerShare: t.reservePricePerShare
        });
        _vaultIds[certificate][certificateId] = vaultId;
        emit VaultLocked(vaultId, certificate, certificateId, token, curator, t.shares, t.metadataHash, t.thresholdBps);

        if (t.allocations.length == 0) {
            _mintShares(token, from, t.shares);
        } else {
            for (uint256 i; i < t.allocations.length; ++i) {
                _mintShares(token, t.allocations[i].holder, t.allocations[i].shares);
            }
        }
        // The supply is fixed from here on: the vault keeps only what redemption and closing need.
        ISecurityToken(token).setAgentPermissions(address(this), Issuance.VAULT_PERMISSIONS);
    }

    /// @dev Redeems every share of `holder`, held or owed by the vault; false when it has none. A holder with
    /// nothing left (already tendered, listed twice) is skipped, so a tender landing just before a batch cannot make
    /// the whole batch fail.
    function _redeemOne(uint256 vaultId, address token, Buyout storage b, address holder) private returns (bool) {
        if (holder == address(0) || holder == address(this)) revert FractionVaultInvalidHolder(holder);
        uint256 held = IERC20(token).balanceOf(holder);
        uint256 owed = _sharesOwed[vaultId][holder];
        uint256 shares = held + owed;
        if (shares == 0) return false;
        // Cannot overflow: the escrow shares × price was computed at start and shares <= supply.
        uint256 credited = shares * b.pricePerShare;
        b.acquired += shares;
        _credits[b.cash][holder] += credited;
        if (owed != 0) {
            delete _sharesOwed[vaultId][holder];
            _totalSharesOwed[vaultId] -= owed;
        }
        emit SharesRedeemed(vaultId, holder, shares, credited);
        // The vault burns as the token's agent: every rule, freeze and lock-up is bypassed, as a compulsory
        // redemption under the terms requires.
        if (held != 0) IERC3643(token).burn(holder, held);
        if (owed != 0) IERC3643(token).burn(address(this), owed);
        return true;
    }

    /// @dev Mints at lock, with the token's own pre-flight view so a refused holder gets a clear error.
    function _mintShares(address token, address holder, uint256 shares) private {
        uint8 code = IFractionVaultMintCheck(token).detectMintRestriction(holder, shares);
        if (code != 0) revert FractionVaultMintRefused(holder, code);
        IERC3643(token).mint(holder, shares);
    }

    /// @dev Pays out shares the vault holds, under every rule of the token (the vault is the sender).
    function _transferShares(address token, address to, uint256 shares) private {
        uint8 code = IERC1404(token).detectTransferRestriction(address(this), to, shares);
        if (code != 0) revert FractionVaultShareTransferRefused(to, code);
        IERC20(token).safeTransfer(to, shares);
    }
}
