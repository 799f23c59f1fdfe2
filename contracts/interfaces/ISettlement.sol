// SPDX-License-Identifier: MIT
// Trade and cancel events are read in full by the indexer; amounts are never filtered on. The ABI structs mirror the
// signed EIP-712 message field for field, not storage.
// solhint-disable gas-indexed-events, gas-struct-packing
pragma solidity ^0.8.28;

/// @title ISettlement
/// @notice Atomic delivery-versus-payment of security tokens against a cash token (any ERC-20 without a transfer fee)
/// for orders that investors sign as EIP-712 messages. A taker fills signed orders directly (`fill`); the platform's
/// operator settles the matching engine's trades, each pairing a resting (maker) order with an incoming (taker) order
/// at the resting order's price (`settle`). Security tokens move from seller to buyer through the token's own
/// `transferFrom` and rules (the seller approves this contract on the security token, the buyer on the cash token),
/// so a trade the token refuses reverts with the token's own error and reason code; nothing is ever held in escrow.
///
/// Prices and rounding: `price` is the cash token's smallest units per whole security token (10**decimals of the
/// security token's units). A trade of `amount` security-token units at price `p` costs `amount * p / 10**decimals`
/// cash units computed exactly (full-precision mulDiv) and rounded in the maker's favour: up when the maker sells,
/// down when the maker buys. In `settle` the maker is the resting order; the taker order's own limit is then checked
/// exactly (a buyer never pays more than `amount * price / 10**decimals`, a seller never receives less), so a trade
/// whose rounding would break the taker's limit is refused (`SettlementLimitPriceExceeded`): the matching engine
/// avoids it with lot sizes for which the cost is a whole number of cash units. A trade that would cost zero cash
/// is refused.
///
/// Fees: an optional platform fee in basis points (at most `MAX_FEE_BPS`) is taken from the seller's proceeds
/// (rounded down, in the seller's favour), paid by the buyer into this contract and withdrawn to the fee recipient
/// with `withdrawFees` (pull: a fee recipient the cash token blocks can never stop a trade).
interface ISettlement {
    enum Side {
        Buy,
        Sell
    }

    /// @notice An order as its maker signs it (EIP-712 type `Order`, domain "Folio Settlement" version "1", bound
    /// to the chain id and this contract's address).
    /// @param maker the wallet that signs (an EOA, or an ERC-1271 contract wallet) and trades
    /// @param side Buy: the maker pays cash for security tokens; Sell: the maker delivers security tokens for cash
    /// @param token the security token
    /// @param cashToken the ERC-20 the trade is paid in
    /// @param amount most security-token units (smallest units, not whole tokens) the order may trade in total
    /// @param price limit price: cash-token units per whole security token
    /// @param nonce the maker's number for this order (give each order its own); `cancel(nonce)` or `cancelUpTo`
    /// above it voids it, and so does a fill of the whole order in one trade
    /// @param expiry last timestamp (inclusive) at which the order may fill
    /// @param taker the only counterparty allowed (the zero address: anyone)
    struct Order {
        address maker;
        Side side;
        address token;
        address cashToken;
        uint256 amount;
        uint256 price;
        uint256 nonce;
        uint64 expiry;
        address taker;
    }

    /// @notice One order filled by the caller of `fill`.
    /// @param order the signed order
    /// @param signature its maker's signature (65-byte ECDSA for an EOA, anything its ERC-1271 wallet accepts)
    /// @param amount security-token units to trade now (at most what is left of the order)
    struct FillRequest {
        Order order;
        bytes signature;
        uint256 amount;
    }

    /// @notice One trade of the matching engine: the resting (maker) order against the incoming (taker) order, at
    /// the maker order's price.
    struct Trade {
        Order maker;
        bytes makerSignature;
        Order taker;
        bytes takerSignature;
        uint256 amount;
    }

    /// @notice A trade settled: `amount` security-token units went from `seller` to `buyer`, `cash` cash units from
    /// `buyer`, of which `cash - fee` to `seller` and `fee` to the platform. `takerOrderHash` is zero for a fill by
    /// `fill` (the taker is the caller and signed no order). Sum the amounts per order hash to get its filled amount.
    event TradeExecuted(
        bytes32 indexed makerOrderHash,
        bytes32 indexed takerOrderHash,
        address indexed token,
        address buyer,
        address seller,
        address cashToken,
        uint256 amount,
        uint256 price,
        uint256 cash,
        uint256 fee
    );

    /// @notice `maker` voided its orders with this nonce.
    event OrderCancelled(address indexed maker, uint256 indexed nonce);

    /// @notice `maker` voided all its orders with a nonce below `minNonce`.
    event NoncesCancelled(address indexed maker, uint256 minNonce);

    /// @notice An agent of `token` halted trading of it here.
    event TradingHalted(address indexed token, address indexed agent);

    /// @notice An agent of `token` resumed trading of it here.
    event TradingResumed(address indexed token, address indexed agent);

    /// @notice The platform fee or its recipient changed.
    event FeeSet(uint16 feeBps, address feeRecipient);

    /// @notice Accrued fees in `cashToken` went to `feeRecipient`.
    event FeesWithdrawn(address indexed cashToken, address indexed feeRecipient, uint256 amount);

    /// @notice `fill` or `settle` got no trades.
    error SettlementNoTrades();
    /// @notice A fill or trade of zero security-token units.
    error SettlementZeroAmount(bytes32 orderHash);
    /// @notice Trading of `token` is halted by one of its agents.
    error SettlementTradingHalted(address token);
    /// @notice The order's expiry has passed.
    error SettlementOrderExpired(bytes32 orderHash, uint64 expiry);
    /// @notice The order's nonce is used: the maker cancelled it (or every nonce below a higher one), or an order with
    /// this nonce was filled whole in one trade.
    error SettlementNonceUsed(bytes32 orderHash, address maker, uint256 nonce);
    /// @notice The signature is not the maker's for this order, chain and contract (or is malleable).
    error SettlementInvalidSignature(bytes32 orderHash, address maker);
    /// @notice The order is fully filled (over several trades).
    error SettlementOrderFilled(bytes32 orderHash);
    /// @notice More than is left of the order was asked for.
    error SettlementOverfill(bytes32 orderHash, uint256 remaining, uint256 amount);
    /// @notice The order names another taker than this counterparty.
    error SettlementTakerNotAllowed(bytes32 orderHash, address counterparty);
    /// @notice Buyer and seller are the same wallet.
    error SettlementSelfTrade(address wallet);
    /// @notice The two orders of a trade are not one buy and one sell of the same security and cash tokens.
    error SettlementOrdersMismatch(bytes32 makerOrderHash, bytes32 takerOrderHash);
    /// @notice At the maker's price the taker order would pay more (buy) or receive less (sell) than its limit.
    error SettlementLimitPriceExceeded(bytes32 orderHash, uint256 cash, uint256 limitCash);
    /// @notice The trade would cost no cash at all (amount times price rounds to zero).
    error SettlementZeroCash(bytes32 orderHash, uint256 amount);
    /// @notice The security token reports more decimals than prices can be expressed in (at most 77: 10**decimals must fit in 256 bits).
    error SettlementUnsupportedDecimals(address token, uint8 decimals);
    /// @notice The seller received another cash amount than sent (a fee-on-transfer or otherwise non-standard token).
    error SettlementCashShortfall(address cashToken, uint256 expected, uint256 received);
    /// @notice The platform fee is above the caller's limit (`fill`'s `maxFeeBps`).
    error SettlementFeeAboveLimit(uint16 feeBps, uint256 maxFeeBps);
    /// @notice The fee is above `MAX_FEE_BPS`.
    error SettlementFeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    /// @notice A fee recipient is needed (the zero address was given).
    error SettlementInvalidFeeRecipient(address feeRecipient);
    /// @notice The caller is not an agent of the token (its IAgentRole says no, or it has none).
    error SettlementNotAgent(address token, address caller);
    /// @notice The token is already in the requested trading state.
    error SettlementHaltUnchanged(address token, bool halted);
    /// @notice `cancelUpTo` must raise the maker's lowest valid nonce.
    error SettlementNonceNotIncreased(uint256 current, uint256 requested);
    /// @notice No fees in this cash token to withdraw.
    error SettlementNoFees(address cashToken);

    /// @notice Fills signed orders with the caller as counterparty, each for `amount` units, at each order's price:
    /// the caller delivers security tokens to buy orders and pays cash to sell orders (approve this contract first).
    /// All or nothing: one refused fill reverts every one.
    /// @param maxFeeBps the highest platform fee the caller accepts (when selling); a fee raised above it reverts
    function fill(FillRequest[] calldata requests, uint256 maxFeeBps) external;

    /// @notice Settles matched trades, all or nothing (operator role only).
    function settle(Trade[] calldata trades) external;

    /// @notice Voids the caller's orders with `nonce` (one order, as the server gives each order its own nonce).
    /// Cancelling a used nonce (cancelled, or its order filled whole) does nothing and emits nothing.
    function cancel(uint256 nonce) external;

    /// @notice Voids all the caller's orders with a nonce below `minNonce`, which must be above the current one.
    function cancelUpTo(uint256 minNonce) external;

    /// @notice Halts trading of `token` here (an agent of the token only).
    function haltTrading(address token) external;

    /// @notice Resumes trading of `token` here (an agent of the token only).
    function resumeTrading(address token) external;

    /// @notice Sets the platform fee, at most `MAX_FEE_BPS`, and who receives it (admin only).
    function setFee(uint16 feeBps, address feeRecipient) external;

    /// @notice Sends every accrued fee in `cashToken` to the fee recipient (anyone may call).
    function withdrawFees(address cashToken) external;

    /// @notice The EIP-712 digest the maker signs; also the order's key for its filled amount.
    function hashOrder(Order calldata order) external view returns (bytes32);

    /// @notice Security-token units of the order (by hash) filled in parts so far. An order filled whole in one trade
    /// uses its nonce instead and keeps 0 here: read `remainingAmount`, or sum the TradeExecuted amounts.
    function filledAmount(bytes32 orderHash) external view returns (uint256);

    /// @notice Security-token units the order may still trade: 0 once its nonce is used (cancelled, or filled whole
    /// in one trade), else its amount less its filled parts. Expiry and halts are not considered.
    function remainingAmount(Order calldata order) external view returns (uint256);

    /// @notice Whether `maker`'s orders with `nonce` can no longer fill: cancelled one by one, by `cancelUpTo`, or
    /// used by an order filled whole in one trade.
    function isNonceUsed(address maker, uint256 nonce) external view returns (bool);

    /// @notice `maker`'s lowest valid nonce (orders below it are cancelled).
    function minNonce(address maker) external view returns (uint256);

    /// @notice Word `wordIndex` of `maker`'s used-nonce bitmap (as Permit2's `nonceBitmap`): bit `nonce % 256` of
    /// word `nonce / 256` is set once the nonce is cancelled or used by an order filled whole. With `minNonce`, one
    /// read answers `isNonceUsed` for 256 nonces.
    function nonceBitmap(address maker, uint256 wordIndex) external view returns (uint256);

    /// @notice Whether trading of `token` is halted.
    function isTradingHalted(address token) external view returns (bool);

    /// @notice The platform fee in basis points and its recipient.
    function fee() external view returns (uint16 feeBps, address feeRecipient);

    /// @notice Cash for `amount` units of `token` at `price`, rounded up (`roundUp`) or down, as a trade computes it.
    function cashFor(address token, uint256 amount, uint256 price, bool roundUp) external view returns (uint256);
}
