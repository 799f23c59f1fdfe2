// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {ISettlement} from "../interfaces/ISettlement.sol";
import {OrderMath} from "./OrderMath.sol";

/// @title Settlement
/// @notice Atomic delivery-versus-payment for signed orders on whitelisted security tokens: the security token moves
/// from seller to buyer through the token's own `transferFrom` (so its whitelist, freezes, lock-ups and caps decide,
/// and a refusal reverts the whole trade with the token's reason), the cash moves from buyer to seller in the same
/// transaction, or nothing moves. Nothing is held between trades but accrued platform fees.
/// @dev Every external function that moves tokens is `nonReentrant`, and every order's fill is recorded (its filled
/// amount, or its used nonce) before any token is called, so a hostile token re-entering `fill` or `settle` is
/// refused and one that re-enters anything else finds the order already used. `cancel` and `cancelUpTo` only touch
/// the caller's own nonces and are not read after a token call, so they need no guard. Which orders the operator may
/// pair is decided off chain; on chain each order's signature, expiry, nonce, remaining amount, taker restriction and
/// limit price are checked again. The cash leg is verified by the seller's balance change (fee-on-transfer and lying
/// cash tokens are refused); the security token is the asset both makers signed for and is trusted to move what its
/// `transferFrom` reports (a false return or a revert is refused, a token that lies about moving is not detected).
contract Settlement is ISettlement, EIP712, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    /// @notice The role that may call `settle` (the server's matching engine key).
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice The highest platform fee: 1 %.
    uint16 public constant MAX_FEE_BPS = 100;

    /// @dev Fee rate and recipient share one slot: `fill` and `settle` read the rate with one SLOAD.
    uint16 private _feeBps;
    address private _feeRecipient;

    /// @dev Filled amounts of orders filled in parts. An order filled whole in one trade sets its nonce's bit in
    /// `_usedNonces` instead: 5,000 gas in a maker's bitmap word that already holds a bit (nonces are sequential,
    /// 256 to a word) against 22,100 for a fresh slot here.
    mapping(bytes32 orderHash => uint256 filled) private _filled;
    mapping(address maker => BitMaps.BitMap) private _usedNonces;
    mapping(address maker => uint256) private _minNonce;
    mapping(address token => bool) private _halted;

    /// @dev What one trade moves; a memory struct keeps `_execute` within the stack limit.
    struct Deal {
        bytes32 makerHash;
        bytes32 takerHash;
        address token;
        address cashToken;
        address buyer;
        address seller;
        uint256 amount;
        uint256 price;
        uint256 cash;
        uint256 fee;
    }

    /// @param admin holds DEFAULT_ADMIN_ROLE: grants OPERATOR_ROLE and sets the fee
    constructor(address admin) EIP712("Folio Settlement", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ISettlement
    function fill(FillRequest[] calldata requests, uint256 maxFeeBps) external nonReentrant {
        if (requests.length == 0) revert SettlementNoTrades();
        uint16 feeBps = _feeBps;
        if (feeBps > maxFeeBps) revert SettlementFeeAboveLimit(feeBps, maxFeeBps);
        for (uint256 i = 0; i < requests.length; ++i) {
            FillRequest calldata r = requests[i];
            Order calldata o = r.order;
            bytes32 h = _useOrder(o, r.signature, r.amount, msg.sender);
            bool makerSells = o.side == Side.Sell;
            uint256 cash = OrderMath.cash(r.amount, o.price, _unit(o.token), makerSells);
            if (cash == 0) revert SettlementZeroCash(h, r.amount);
            _execute(
                Deal({
                    makerHash: h,
                    takerHash: bytes32(0),
                    token: o.token,
                    cashToken: o.cashToken,
                    buyer: makerSells ? msg.sender : o.maker,
                    seller: makerSells ? o.maker : msg.sender,
                    amount: r.amount,
                    price: o.price,
                    cash: cash,
                    fee: OrderMath.fee(cash, feeBps)
                })
            );
        }
    }

    /// @inheritdoc ISettlement
    function settle(Trade[] calldata trades) external onlyRole(OPERATOR_ROLE) nonReentrant {
        if (trades.length == 0) revert SettlementNoTrades();
        uint16 feeBps = _feeBps;
        for (uint256 i = 0; i < trades.length; ++i) {
            _settleOne(trades[i], feeBps);
        }
    }

    /// @inheritdoc ISettlement
    function cancel(uint256 nonce) external {
        BitMaps.BitMap storage used = _usedNonces[msg.sender];
        // Already used (cancelled or filled whole): nothing changes and no event is emitted. The minimum nonce is not
        // read (2,100 gas): cancelling a nonce that `cancelUpTo` already voided only sets its bit and says so again.
        if (used.get(nonce)) return;
        used.set(nonce);
        emit OrderCancelled(msg.sender, nonce);
    }

    /// @inheritdoc ISettlement
    function cancelUpTo(uint256 minNonce_) external {
        uint256 current = _minNonce[msg.sender];
        if (!(minNonce_ > current)) revert SettlementNonceNotIncreased(current, minNonce_);
        _minNonce[msg.sender] = minNonce_;
        emit NoncesCancelled(msg.sender, minNonce_);
    }

    /// @inheritdoc ISettlement
    function haltTrading(address token) external {
        _setHalted(token, true);
        emit TradingHalted(token, msg.sender);
    }

    /// @inheritdoc ISettlement
    function resumeTrading(address token) external {
        _setHalted(token, false);
        emit TradingResumed(token, msg.sender);
    }

    /// @inheritdoc ISettlement
    function setFee(uint16 feeBps, address feeRecipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeBps > MAX_FEE_BPS) revert SettlementFeeTooHigh(feeBps, MAX_FEE_BPS);
        if (feeRecipient == address(0)) revert SettlementInvalidFeeRecipient(feeRecipient);
        _feeBps = feeBps;
        _feeRecipient = feeRecipient;
        emit FeeSet(feeBps, feeRecipient);
    }

    /// @inheritdoc ISettlement
    /// @dev The contract holds nothing but fees (trades never escrow), so its whole balance is the fees.
    function withdrawFees(address cashToken) external nonReentrant {
        address recipient = _feeRecipient;
        if (recipient == address(0)) revert SettlementInvalidFeeRecipient(recipient);
        uint256 amount = IERC20(cashToken).balanceOf(address(this));
        if (amount == 0) revert SettlementNoFees(cashToken);
        emit FeesWithdrawn(cashToken, recipient, amount);
        IERC20(cashToken).safeTransfer(recipient, amount);
    }

    /// @inheritdoc ISettlement
    function hashOrder(Order calldata order) external view returns (bytes32) {
        return _hashOrder(order);
    }

    /// @inheritdoc ISettlement
    function filledAmount(bytes32 orderHash) external view returns (uint256) {
        return _filled[orderHash];
    }

    /// @inheritdoc ISettlement
    function remainingAmount(Order calldata order) external view returns (uint256) {
        if (isNonceUsed(order.maker, order.nonce)) return 0;
        uint256 filled = _filled[_hashOrder(order)];
        return filled < order.amount ? order.amount - filled : 0;
    }

    /// @inheritdoc ISettlement
    function isNonceUsed(address maker, uint256 nonce) public view returns (bool) {
        return nonce < _minNonce[maker] || _usedNonces[maker].get(nonce);
    }

    /// @inheritdoc ISettlement
    function minNonce(address maker) external view returns (uint256) {
        return _minNonce[maker];
    }

    /// @inheritdoc ISettlement
    function nonceBitmap(address maker, uint256 wordIndex) external view returns (uint256) {
        return _usedNonces[maker]._data[wordIndex];
    }

    /// @inheritdoc ISettlement
    function isTradingHalted(address token) external view returns (bool) {
        return _halted[token];
    }

    /// @inheritdoc ISettlement
    function fee() external view returns (uint16 feeBps, address feeRecipient) {
        return (_feeBps, _feeRecipient);
    }

    /// @inheritdoc ISettlement
    function cashFor(address token, uint256 amount, uint256 price, bool roundUp) external view returns (uint256) {
        return OrderMath.cash(amount, price, _unit(token), roundUp);
    }

    /// @dev One matched trade: both orders are checked and used, the price is the maker (resting) order's, rounded
    /// in the maker's favour, and the taker order's own limit is then checked exactly.
    function _settleOne(Trade calldata t, uint16 feeBps) private {
        Order calldata m = t.maker;
        Order calldata k = t.taker;
        bytes32 mh = _useOrder(m, t.makerSignature, t.amount, k.maker);
        bytes32 kh = _useOrder(k, t.takerSignature, t.amount, m.maker);
        if (m.side == k.side || m.token != k.token || m.cashToken != k.cashToken) revert SettlementOrdersMismatch(mh, kh);
        uint256 unit = _unit(m.token);
        bool makerSells = m.side == Side.Sell;
        uint256 cash = OrderMath.cash(t.amount, m.price, unit, makerSells);
        if (cash == 0) revert SettlementZeroCash(mh, t.amount);
        // The taker buys: pays at most its limit (rounded down); the taker sells: receives at least it (rounded up).
        uint256 limitCash = OrderMath.cash(t.amount, k.price, unit, !makerSells);
        if (makerSells ? cash > limitCash : cash < limitCash) revert SettlementLimitPriceExceeded(kh, cash, limitCash);
        _execute(
            Deal({
                makerHash: mh,
                takerHash: kh,
                token: m.token,
                cashToken: m.cashToken,
                buyer: makerSells ? k.maker : m.maker,
                seller: makerSells ? m.maker : k.maker,
                amount: t.amount,
                price: m.price,
                cash: cash,
                fee: OrderMath.fee(cash, feeBps)
            })
        );
    }

    /// @dev Checks that `order` may trade `amount` more against `counterparty` now, and records the fill.
    /// Cheap checks first, the signature (an ecrecover or an ERC-1271 call) last.
    function _useOrder(Order calldata order, bytes calldata signature, uint256 amount, address counterparty)
        private
        returns (bytes32 orderHash)
    {
        orderHash = _hashOrder(order);
        if (amount == 0) revert SettlementZeroAmount(orderHash);
        if (_halted[order.token]) revert SettlementTradingHalted(order.token);
        if (block.timestamp > order.expiry) revert SettlementOrderExpired(orderHash, order.expiry);
        if (isNonceUsed(order.maker, order.nonce)) revert SettlementNonceUsed(orderHash, order.maker, order.nonce);
        if (counterparty == order.maker) revert SettlementSelfTrade(counterparty);
        if (order.taker != address(0) && order.taker != counterparty) {
            revert SettlementTakerNotAllowed(orderHash, counterparty);
        }
        uint256 filled = _filled[orderHash];
        if (!(filled < order.amount)) revert SettlementOrderFilled(orderHash);
        // Cannot underflow: `filled < order.amount` was just checked.
        uint256 remaining;
        unchecked {
            remaining = order.amount - filled;
        }
        if (amount > remaining) revert SettlementOverfill(orderHash, remaining, amount);
        if (!_isMakerSignature(order.maker, orderHash, signature)) revert SettlementInvalidSignature(orderHash, order.maker);
        if (filled == 0 && amount == order.amount) {
            _usedNonces[order.maker].set(order.nonce);
        } else {
            // Cannot overflow: `amount <= remaining`, so the sum is at most `order.amount`.
            unchecked {
                _filled[orderHash] = filled + amount;
            }
        }
    }

    /// @dev Emits the trade, then delivers the security token and pays the cash; any refusal reverts everything.
    function _execute(Deal memory d) private {
        emit TradeExecuted(
            d.makerHash, d.takerHash, d.token, d.buyer, d.seller, d.cashToken, d.amount, d.price, d.cash, d.fee
        );
        // The token's own transferFrom: its rules apply and its error (reason code) bubbles up unchanged.
        IERC20(d.token).safeTransferFrom(d.seller, d.buyer, d.amount);

        IERC20 cashToken = IERC20(d.cashToken);
        // Cannot underflow: OrderMath.fee is at most 1 % of the cash.
        uint256 net;
        unchecked {
            net = d.cash - d.fee;
        }
        uint256 before = cashToken.balanceOf(d.seller);
        cashToken.safeTransferFrom(d.buyer, d.seller, net);
        uint256 balanceAfter = cashToken.balanceOf(d.seller);
        uint256 received = balanceAfter > before ? balanceAfter - before : 0;
        if (received != net) revert SettlementCashShortfall(d.cashToken, net, received);
        if (d.fee != 0) cashToken.safeTransferFrom(d.buyer, address(this), d.fee);
    }

    /// @dev ECDSA first (OpenZeppelin's tryRecover: 65-byte signatures, low s only, so no malleable twin), then
    /// ERC-1271 through SignatureChecker. Trying the key first skips the EXTCODESIZE of the maker's account that
    /// SignatureChecker.isValidSignatureNow starts with (2,600 gas cold) for the usual EOA maker; a contract
    /// wallet's address is no key's address, so its signatures always reach ERC-1271.
    function _isMakerSignature(address maker, bytes32 orderHash, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(orderHash, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == maker) return true;
        return SignatureChecker.isValidERC1271SignatureNowCalldata(maker, orderHash, signature);
    }

    /// @dev The EIP-712 digest: the order's struct hash under this contract's domain (chain id and address).
    function _hashOrder(Order calldata order) private view returns (bytes32) {
        return _hashTypedDataV4(OrderMath.structHash(order));
    }

    /// @dev 10**decimals of the security token: the units of one whole token, which prices are quoted per.
    function _unit(address token) private view returns (uint256) {
        uint8 decimals = OrderMath.decimalsOf(token);
        if (decimals > 77) revert SettlementUnsupportedDecimals(token, decimals);
        return 10 ** decimals;
    }

    /// @dev Only an agent of the token (its ERC-3643 IAgentRole) halts or resumes its trading.
    function _setHalted(address token, bool halted) private {
        bool agent = false;
        if (token.code.length != 0) {
            try IAgentRole(token).isAgent(msg.sender) returns (bool isAgent) {
                agent = isAgent;
            } catch {
                agent = false;
            }
        }
        if (!agent) revert SettlementNotAgent(token, msg.sender);
        if (_halted[token] == halted) revert SettlementHaltUnchanged(token, halted);
        _halted[token] = halted;
    }
}
