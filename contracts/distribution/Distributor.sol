// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IDistributor} from "../interfaces/IDistributor.sol";
import {AgentPermissions} from "../interfaces/AgentPermissions.sol";
import {IERC3643} from "../interfaces/IERC3643.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {ISecurityToken} from "../interfaces/ISecurityToken.sol";

/// @title Distributor
/// @notice Income distributions to a security token's holders of record, one contract per platform holding every
/// round. The issuer funds a round with a Merkle root of per-investor entitlements in one constant-gas transaction;
/// investors claim with a proof from any of their verified wallets. Token transfers pay nothing for this: the
/// token has no distribution hook, the record-block balances are computed off chain from its Transfer events.
/// @dev Rounds are isolated: each keeps its own `remaining`, a claim pays at most that, so a round whose tree
/// promises more than it holds, or whose cash token misbehaves, can only fail its own claims. Fee-on-transfer cash
/// tokens are refused at funding; rebasing cash tokens are not supported (a negative rebase shared by two rounds
/// in the same token would let the first claimants take the second round's funds).
contract Distributor is IDistributor, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    IIdentityRegistry private immutable _registry;

    uint256 private _roundCount;
    mapping(uint256 roundId => Round) private _rounds;
    mapping(uint256 roundId => BitMaps.BitMap) private _claimed;

    /// @param registry_ the platform's identity registry; only tokens using it can be distributed on
    constructor(IIdentityRegistry registry_) {
        _registry = registry_;
    }

    /// @inheritdoc IDistributor
    function fundRound(FundRequest calldata request) external nonReentrant returns (uint256 roundId) {
        if (IERC3643(request.token).identityRegistry() != _registry) revert DistributorForeignToken(request.token);
        if (!_mayDistribute(request.token, msg.sender)) revert DistributorUnauthorized(msg.sender);
        if (request.cashToken == address(0) || request.cashToken == request.token) {
            revert DistributorInvalidCashToken(request.cashToken);
        }
        if (request.total == 0 || request.total > type(uint128).max) revert DistributorInvalidTotal(request.total);
        if (request.merkleRoot == bytes32(0)) revert DistributorInvalidRoot();
        if (!(request.deadline > block.timestamp)) revert DistributorInvalidDeadline(request.deadline);
        if (!(request.recordBlock < block.number)) revert DistributorInvalidRecordBlock(request.recordBlock);

        // Effects first; the balance check after the transfer reverts all of it if the token kept a fee.
        roundId = ++_roundCount;
        _rounds[roundId] = Round({
            cashToken: request.cashToken,
            deadline: request.deadline,
            merkleRoot: request.merkleRoot,
            remaining: uint128(request.total),
            total: uint128(request.total),
            token: request.token,
            funder: msg.sender
        });
        emit RoundFunded(
            roundId,
            request.token,
            request.cashToken,
            msg.sender,
            request.total,
            request.merkleRoot,
            request.deadline,
            request.recordBlock,
            request.paramsHash,
            request.paramsUri
        );

        IERC20 cash = IERC20(request.cashToken);
        uint256 before = cash.balanceOf(address(this));
        cash.safeTransferFrom(msg.sender, address(this), request.total);
        uint256 received = cash.balanceOf(address(this)) - before;
        if (received != request.total) revert DistributorFundingShortfall(request.total, received);
    }

    /// @inheritdoc IDistributor
    function claim(
        uint256 roundId,
        uint256 index,
        bytes32 investorId,
        uint256 amount,
        bytes32[] calldata proof
    ) external nonReentrant {
        Round storage r = _rounds[roundId];
        address cashToken = r.cashToken;
        uint64 deadline = r.deadline;
        if (cashToken == address(0)) revert DistributorUnknownRound(roundId);
        if (block.timestamp > deadline) revert DistributorClaimClosed(roundId, deadline);
        if (_claimed[roundId].get(index)) revert DistributorAlreadyClaimed(roundId, index);
        if (investorId == bytes32(0) || _registry.investorOf(msg.sender) != investorId) {
            revert DistributorNotInvestorWallet(msg.sender, investorId);
        }
        if (!_registry.isVerified(msg.sender)) revert DistributorWalletNotVerified(msg.sender);
        if (!MerkleProof.verifyCalldata(proof, r.merkleRoot, _leaf(index, investorId, amount))) {
            revert DistributorInvalidProof(roundId, index);
        }
        uint128 remaining = r.remaining;
        if (amount > remaining) revert DistributorInsufficientFunds(roundId, remaining, amount);

        _claimed[roundId].set(index);
        // Cannot underflow: checked against `remaining` just above.
        unchecked {
            r.remaining = remaining - uint128(amount);
        }
        emit Claimed(roundId, index, investorId, msg.sender, amount);
        IERC20(cashToken).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDistributor
    function pushClaims(uint256 roundId, ClaimRequest[] calldata requests) external nonReentrant returns (uint256 paid) {
        Round storage r = _rounds[roundId];
        if (r.cashToken == address(0)) revert DistributorUnknownRound(roundId);
        if (block.timestamp > r.deadline) revert DistributorClaimClosed(roundId, r.deadline);
        if (!_mayDistribute(r.token, msg.sender)) revert DistributorUnauthorized(msg.sender);
        for (uint256 i = 0; i < requests.length; ++i) {
            if (_pushOne(roundId, r, requests[i])) ++paid;
        }
    }

    /// @inheritdoc IDistributor
    function reclaim(uint256 roundId) external nonReentrant returns (uint256 amount) {
        Round storage r = _rounds[roundId];
        address cashToken = r.cashToken;
        if (cashToken == address(0)) revert DistributorUnknownRound(roundId);
        // Another distribution agent may not take what someone else funded: the funder (while it may still
        // distribute) or the owner.
        if (!(msg.sender == r.funder ? _mayDistribute(r.token, msg.sender) : Ownable(r.token).owner() == msg.sender)) {
            revert DistributorUnauthorized(msg.sender);
        }
        if (!(block.timestamp > r.deadline)) revert DistributorClaimOpen(roundId, r.deadline);
        amount = r.remaining;
        if (amount == 0) revert DistributorNothingToReclaim(roundId);
        r.remaining = 0;
        emit Reclaimed(roundId, msg.sender, amount);
        IERC20(cashToken).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IDistributor
    function identityRegistry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IDistributor
    function roundCount() external view returns (uint256) {
        return _roundCount;
    }

    /// @inheritdoc IDistributor
    function round(uint256 roundId) external view returns (Round memory) {
        return _rounds[roundId];
    }

    /// @inheritdoc IDistributor
    function isClaimed(uint256 roundId, uint256 index) external view returns (bool) {
        return _claimed[roundId].get(index);
    }

    /// @dev OpenZeppelin merkle-tree standard leaf: double-hashed so a 64-byte inner node can never pass as a leaf.
    function _leaf(uint256 index, bytes32 investorId, uint256 amount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, investorId, amount))));
    }

    /// @dev Pays one pushed entitlement, or reports why not; never reverts on the entry's own account.
    function _pushOne(uint256 roundId, Round storage r, ClaimRequest calldata q) private returns (bool) {
        BitMaps.BitMap storage claimed = _claimed[roundId];
        SkipReason reason;
        if (claimed.get(q.index)) {
            reason = SkipReason.AlreadyClaimed;
        } else if (!MerkleProof.verifyCalldata(q.proof, r.merkleRoot, _leaf(q.index, q.investorId, q.amount))) {
            reason = SkipReason.InvalidProof;
        } else if (q.amount > r.remaining) {
            reason = SkipReason.InsufficientFunds;
        } else if (!_isVerifiedWalletOf(q.wallet, q.investorId)) {
            reason = SkipReason.NoVerifiedWallet;
        } else {
            uint128 remaining = r.remaining;
            claimed.set(q.index);
            // Cannot underflow: checked against `remaining` above.
            unchecked {
                r.remaining = remaining - uint128(q.amount);
            }
            if (IERC20(r.cashToken).trySafeTransfer(q.wallet, q.amount)) {
                emit Claimed(roundId, q.index, q.investorId, q.wallet, q.amount);
                return true;
            }
            // Undo this entry's effects so it stays claimable; the batch goes on.
            claimed.unset(q.index);
            r.remaining = remaining;
            reason = SkipReason.TransferFailed;
        }
        emit ClaimSkipped(roundId, q.index, q.investorId, reason);
        return false;
    }

    /// @dev The token's owner and its agents holding the DISTRIBUTION permission run its rounds; an agent with other
    /// powers only (documents, say) does not, so it cannot fund a copy of a declared round ahead of the issuer.
    function _mayDistribute(address token, address account) private view returns (bool) {
        return Ownable(token).owner() == account
            || ISecurityToken(token).agentPermissions(account) & AgentPermissions.DISTRIBUTION != 0;
    }

    /// @dev Whether `wallet` is linked to `investorId` and verified now (two reads of the same registry).
    function _isVerifiedWalletOf(address wallet, bytes32 investorId) private view returns (bool) {
        return investorId != bytes32(0) && _registry.investorOf(wallet) == investorId && _registry.isVerified(wallet);
    }
}
