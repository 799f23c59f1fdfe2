// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IDistributor
/// @notice Income distributions (dividends, coupons, rent) paid to a security token's holders of record in a
/// cash token. Entitlements are computed off chain per investor at a record block, committed as a Merkle root, and
/// claimed with a proof; the claim pays the investor's current verified wallet.
/// @dev Leaves are OpenZeppelin merkle-tree standard leaves:
/// `keccak256(bytes.concat(keccak256(abi.encode(uint256 index, bytes32 investorId, uint256 amount))))`.
interface IDistributor {
    /// @notice What an issuer sends to fund a round.
    /// @param token the security token whose holders of record are paid
    /// @param cashToken the ERC-20 paid out (fee-on-transfer tokens are refused)
    /// @param total amount pulled from the funder; the sum of the tree's amounts must not exceed it
    /// @param merkleRoot root of the entitlement tree
    /// @param deadline last timestamp at which claims are accepted; the funder reclaims the rest after it
    /// @param recordBlock block at whose end balances were taken (must already be mined)
    /// @param paramsHash keccak256 of the canonical JSON of the round's parameters (withholding, exclusions)
    /// @param paramsUri where those parameters are published
    struct FundRequest {
        address token;
        address cashToken;
        uint256 total;
        bytes32 merkleRoot;
        uint64 deadline;
        uint64 recordBlock;
        bytes32 paramsHash;
        string paramsUri;
    }

    /// @notice One round's state.
    /// @dev Five slots. A claim reads slot 0 (`cashToken` with `deadline`, packed to save a cold SLOAD of
    /// 2,100 gas), slot 1 (`merkleRoot`) and slot 2 (`remaining` with `total`, packed: one cold SLOAD, and the
    /// write stays nonzero-to-nonzero until the last claim); slots 3 and 4 are only read by push and reclaim.
    /// Amounts are uint128, refused above that at funding.
    struct Round {
        address cashToken;
        uint64 deadline;
        bytes32 merkleRoot;
        uint128 remaining;
        uint128 total;
        address token;
        address funder;
    }

    /// @notice One entitlement to pay on an investor's behalf in `pushClaims`.
    /// @dev `wallet` is chosen by the caller (the investor's first verified wallet, from the registry's
    /// WalletAdded/WalletRemoved history); the contract pays it only if it is a verified wallet of `investorId`.
    struct ClaimRequest {
        uint256 index;
        bytes32 investorId;
        uint256 amount;
        address wallet;
        bytes32[] proof;
    }

    /// @notice Why `pushClaims` skipped an entitlement.
    enum SkipReason {
        AlreadyClaimed,
        InvalidProof,
        NoVerifiedWallet, // the named wallet is not a verified wallet of the investor
        InsufficientFunds,
        TransferFailed
    }

    /// @notice A round was funded. Together with the parameters file whose hash is `paramsHash`, this is enough to
    /// recompute every entitlement from chain data alone.
    event RoundFunded(
        uint256 indexed roundId,
        address indexed token,
        address indexed cashToken,
        address funder,
        uint256 total,
        bytes32 merkleRoot,
        uint64 deadline,
        uint64 recordBlock,
        bytes32 paramsHash,
        string paramsUri
    );

    /// @notice An entitlement was paid to `wallet`, a verified wallet of `investorId`.
    event Claimed(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, address wallet, uint256 amount);

    /// @notice `pushClaims` skipped an entitlement; it stays claimable unless already claimed.
    event ClaimSkipped(uint256 indexed roundId, uint256 indexed index, bytes32 indexed investorId, SkipReason reason);

    /// @notice What was left of a round after its deadline went back to `to`.
    // Amounts are read, never filtered on: not indexed.
    // solhint-disable-next-line gas-indexed-events
    event Reclaimed(uint256 indexed roundId, address indexed to, uint256 amount);

    /// @notice The caller is neither the token's owner nor an agent of it holding the DISTRIBUTION permission (funding,
    /// push), or neither the token's owner nor the round's funder still holding that permission (reclaim).
    error DistributorUnauthorized(address caller);
    /// @notice The token does not use this platform's identity registry.
    error DistributorForeignToken(address token);
    /// @notice The cash token is the zero address or the security token itself.
    error DistributorInvalidCashToken(address cashToken);
    /// @notice The total is zero or does not fit in 128 bits.
    error DistributorInvalidTotal(uint256 total);
    /// @notice The Merkle root is zero.
    error DistributorInvalidRoot();
    /// @notice The deadline is not in the future.
    error DistributorInvalidDeadline(uint64 deadline);
    /// @notice The record block is not yet mined.
    error DistributorInvalidRecordBlock(uint64 recordBlock);
    /// @notice The distributor received less than the total (a fee-on-transfer or otherwise non-standard token).
    error DistributorFundingShortfall(uint256 expected, uint256 received);
    /// @notice No round has this id.
    error DistributorUnknownRound(uint256 roundId);
    /// @notice The round's claim deadline has passed.
    error DistributorClaimClosed(uint256 roundId, uint64 deadline);
    /// @notice The round's claim deadline has not passed yet.
    error DistributorClaimOpen(uint256 roundId, uint64 deadline);
    /// @notice This entitlement has already been paid.
    error DistributorAlreadyClaimed(uint256 roundId, uint256 index);
    /// @notice The caller is not a wallet of the investor named in the claim.
    error DistributorNotInvestorWallet(address wallet, bytes32 investorId);
    /// @notice The caller's wallet is not verified in the identity registry.
    error DistributorWalletNotVerified(address wallet);
    /// @notice The proof does not prove `(index, investorId, amount)` against the round's root.
    error DistributorInvalidProof(uint256 roundId, uint256 index);
    /// @notice The round holds less than the claim (its tree promised more than was funded).
    error DistributorInsufficientFunds(uint256 roundId, uint256 remaining, uint256 amount);
    /// @notice Nothing is left to reclaim.
    error DistributorNothingToReclaim(uint256 roundId);

    /// @notice Funds a round: pulls `request.total` of the cash token from the caller (approve it first), which must
    /// be the token's owner or an agent of it holding the DISTRIBUTION permission.
    /// @dev O(1): the gas does not depend on the number of holders.
    /// @return roundId the new round's id (ids start at 1)
    function fundRound(FundRequest calldata request) external returns (uint256 roundId);

    /// @notice Claims an entitlement; pays the caller, which must be a verified wallet of `investorId`.
    function claim(uint256 roundId, uint256 index, bytes32 investorId, uint256 amount, bytes32[] calldata proof) external;

    /// @notice Pays entitlements on investors' behalf, each to the named wallet when it is a verified wallet of the
    /// investor; skips (and reports with `ClaimSkipped`) those that cannot be paid instead of reverting, so one
    /// blocked payee (a blocklisting cash token, a lapsed KYC) never blocks the batch. Token owner and agents
    /// holding the DISTRIBUTION permission only.
    /// @return paid how many entitlements were paid
    function pushClaims(uint256 roundId, ClaimRequest[] calldata requests) external returns (uint256 paid);

    /// @notice After the deadline, sends what is left of the round (unclaimed amounts and rounding dust) to the
    /// caller, which must be the token's owner or the round's funder while it holds the DISTRIBUTION permission.
    /// @return amount what was sent
    function reclaim(uint256 roundId) external returns (uint256 amount);

    /// @notice The identity registry whose wallets and verification claims are checked against.
    function identityRegistry() external view returns (address);

    /// @notice How many rounds were funded; round ids run from 1 to this.
    function roundCount() external view returns (uint256);

    /// @notice One round's state.
    function round(uint256 roundId) external view returns (Round memory);

    /// @notice Whether entitlement `index` of the round has been paid.
    function isClaimed(uint256 roundId, uint256 index) external view returns (bool);
}
