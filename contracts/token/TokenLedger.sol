// SPDX-License-Identifier: MIT
// Comparisons follow the rules' wording ("valid up to and including", "released at"); strict rewrites save
// three gas and hide the meaning.
// solhint-disable gas-strict-inequalities
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ISecurityToken} from "../interfaces/ISecurityToken.sol";
import {PackedAccount} from "./PackedAccount.sol";
import {PackedAccountLib as Acct} from "./PackedAccount.sol";

/// @title TokenLedger
/// @notice The storage of a security token and the one function that changes balances, shared by the token and its
/// linked operations library (which runs in the token's storage through DELEGATECALL).
library TokenLedger {
    // Bits of the packed config word: 0-7 flags, 8-39 max investors, 40-71 investor count, 72-199 max balance,
    // 200-202 number of packed countries (INLINE_NONE: use the bitmap), 203-252 up to five 10-bit country codes.
    // One slot holds every rule setting a transfer reads, so a transfer pays one cold read for all of them; a country
    // list of up to five countries (the usual case) is checked from that slot too, saving a cold read (2,100 gas).
    uint8 internal constant PAUSED = 1;
    uint8 internal constant COUNTRY_ALLOW = 2;
    uint8 internal constant COUNTRY_DENY = 4;
    uint8 internal constant ACCREDITED_ONLY = 8;
    uint8 internal constant REGISTRY_REPLACED = 16;

    string internal constant VERSION = "1.0.0";

    uint256 internal constant INLINE_SHIFT = 200;
    uint256 internal constant INLINE_MAX = 5;
    uint256 internal constant INLINE_NONE = 7;

    uint256 internal constant MAX_LOCKUPS = 16;
    uint16 internal constant MAX_COUNTRY = 999;

    /// @dev Per investor. In sole mode (soleWallet set) the investor's total is the sole wallet's balance; otherwise
    /// it is kept in `sharedBalance`. Read and written only when a wallet starts or stops holding.
    struct Position {
        address soleWallet;
        uint32 holdingWallets;
    }

    struct State {
        uint256 config;
        uint256 totalSupply;
        address registry; // read only when REGISTRY_REPLACED is set; the deployment-time registry is immutable
        mapping(address wallet => PackedAccount) accounts;
        mapping(address owner => mapping(address spender => uint256)) allowances;
        mapping(bytes32 investorId => Position) positions;
        mapping(bytes32 investorId => uint256) sharedBalance;
        mapping(address wallet => ISecurityToken.Lockup[]) lockups;
        mapping(uint256 word => uint256) countryBits;
        mapping(address agent => uint16) permissions;
        string name;
        string symbol;
        address onchainID;
    }

    // --- config word ---

    function flags(uint256 config) internal pure returns (uint8) {
        return uint8(config);
    }

    function maxInvestors(uint256 config) internal pure returns (uint32) {
        return uint32(config >> 8);
    }

    function investorCount(uint256 config) internal pure returns (uint32) {
        return uint32(config >> 40);
    }

    function maxBalance(uint256 config) internal pure returns (uint128) {
        return uint128(config >> 72);
    }

    /// @notice Whether the recipient's country is on the list, from the packed copy when there is one.
    function countryListed(State storage s, uint256 config, uint16 country) internal view returns (bool) {
        uint256 count = (config >> INLINE_SHIFT) & 7;
        if (count == INLINE_NONE) return isListed(s, country);
        for (uint256 i; i < count; ++i) {
            if ((config >> (INLINE_SHIFT + 3 + 10 * i)) & 0x3ff == country) return true;
        }
        return false;
    }

    /// @notice The config word with the packed country copy rebuilt from the bitmap.
    function withInlineCountries(State storage s, uint256 config) internal view returns (uint256) {
        uint256 packed;
        uint256 count;
        for (uint256 word; word < 4 && count <= INLINE_MAX; ++word) {
            uint256 bits = s.countryBits[word];
            uint256 bit;
            while (bits != 0 && count <= INLINE_MAX) {
                if (bits & 0xffff == 0) {
                    // Skip empty runs 16 countries at a time: issuing a token scans this loop.
                    bits >>= 16;
                    bit += 16;
                    continue;
                }
                if (bits & 1 == 1) {
                    if (count < INLINE_MAX) packed |= ((word << 8) | bit) << (3 + 10 * count);
                    ++count;
                }
                bits >>= 1;
                ++bit;
            }
        }
        if (count > INLINE_MAX) packed = INLINE_NONE;
        else packed |= count;
        return (config & ~(uint256(type(uint56).max) << INLINE_SHIFT)) | (packed << INLINE_SHIFT);
    }

    function withFlag(uint256 config, uint8 flag, bool on) internal pure returns (uint256) {
        return on ? config | flag : config & ~uint256(flag);
    }

    function withMaxInvestors(uint256 config, uint32 value) internal pure returns (uint256) {
        return (config & ~(uint256(type(uint32).max) << 8)) | (uint256(value) << 8);
    }

    function withInvestorCount(uint256 config, uint32 value) internal pure returns (uint256) {
        return (config & ~(uint256(type(uint32).max) << 40)) | (uint256(value) << 40);
    }

    function withMaxBalance(uint256 config, uint128 value) internal pure returns (uint256) {
        return (config & ~(uint256(type(uint128).max) << 72)) | (uint256(value) << 72);
    }

    // --- balances ---

    /// @notice The only place balances change. Keeps per-investor totals and the investor count exact on every path.
    /// @dev `from` or `to` is zero for mints and burns. Callers checked the balance and the supply cap.
    function move(State storage s, address from, address to, bytes32 fromId, bytes32 toId, uint256 value) internal {
        PackedAccount fa;
        PackedAccount ta;
        bool fromEmpties;
        bool toStarts;
        if (from != address(0)) {
            fa = s.accounts[from];
            uint256 left = fa.balance() - value;
            fa = fa.withBalance(left);
            fromEmpties = value != 0 && left == 0;
        }
        if (to != address(0)) {
            ta = s.accounts[to];
            uint256 held = ta.balance();
            toStarts = value != 0 && held == 0;
            ta = ta.withBalance(held + value);
        }
        if (from != address(0) && to != address(0) && fromId == toId) {
            (fa, ta) = _moveWithinInvestor(s, fromId, to, fa, ta, fromEmpties, toStarts);
        } else {
            int256 countDelta;
            if (from != address(0)) (fa, countDelta) = _debit(s, fromId, fa, value, fromEmpties);
            if (to != address(0)) {
                int256 added;
                (ta, added) = _credit(s, toId, to, ta, value, toStarts);
                countDelta += added;
            }
            if (countDelta != 0) {
                uint256 config = s.config;
                // The count stays between zero and the number of investors holding, so it fits 32 bits.
                s.config = withInvestorCount(config, uint32(uint256(int256(uint256(investorCount(config))) + countDelta)));
            }
        }
        if (from != address(0)) s.accounts[from] = fa;
        if (to != address(0)) s.accounts[to] = ta;
        emit IERC20.Transfer(from, to, value);
    }

    /// @notice An investor's total balance across its wallets.
    function positionTotal(State storage s, bytes32 id, Position memory pos) internal view returns (uint256) {
        if (pos.holdingWallets == 0) return 0;
        if (pos.soleWallet != address(0)) return s.accounts[pos.soleWallet].balance();
        return s.sharedBalance[id];
    }

    /// @notice Tokens of `wallet` under an unreleased lock-up.
    function lockedAmount(State storage s, address wallet, uint40 lockedUntil) internal view returns (uint256 locked) {
        if (lockedUntil <= block.timestamp) return 0;
        ISecurityToken.Lockup[] storage lots = s.lockups[wallet];
        for (uint256 i; i < lots.length; ++i) {
            if (lots[i].releaseTime > block.timestamp) locked += lots[i].amount;
        }
    }

    function isListed(State storage s, uint16 country) internal view returns (bool) {
        return (s.countryBits[country >> 8] >> (country & 0xff)) & 1 == 1;
    }

    function _moveWithinInvestor(
        State storage s,
        bytes32 id,
        address to,
        PackedAccount fa,
        PackedAccount ta,
        bool fromEmpties,
        bool toStarts
    ) private returns (PackedAccount, PackedAccount) {
        // Both wallets held before and still hold: nothing changes at investor level.
        if (!fromEmpties && !toStarts) return (fa, ta);
        Position storage pos = s.positions[id];
        if (fromEmpties && toStarts) {
            if (fa.has(Acct.SOLE)) {
                fa = fa.withFlag(Acct.SOLE, false);
                ta = ta.withFlag(Acct.SOLE, true);
                pos.soleWallet = to;
            }
        } else if (toStarts) {
            ++pos.holdingWallets;
            if (fa.has(Acct.SOLE)) {
                // A second wallet starts holding: keep an explicit total, which is the former sole balance.
                fa = fa.withFlag(Acct.SOLE, false);
                pos.soleWallet = address(0);
                s.sharedBalance[id] = fa.balance() + ta.balance();
            }
        } else {
            // `from` empties and `to` held already, so the investor kept an explicit total: it does not change.
            --pos.holdingWallets;
        }
        return (fa, ta);
    }

    function _debit(State storage s, bytes32 id, PackedAccount fa, uint256 value, bool empties)
        private
        returns (PackedAccount, int256)
    {
        bool sole = fa.has(Acct.SOLE);
        if (!sole) s.sharedBalance[id] -= value;
        if (!empties) return (fa, 0);
        Position storage pos = s.positions[id];
        uint32 remaining = pos.holdingWallets - 1;
        pos.holdingWallets = remaining;
        if (sole) {
            fa = fa.withFlag(Acct.SOLE, false);
            pos.soleWallet = address(0);
        }
        return (fa, remaining == 0 ? -1 : int256(0));
    }

    function _credit(State storage s, bytes32 id, address to, PackedAccount ta, uint256 value, bool starts)
        private
        returns (PackedAccount, int256)
    {
        if (!starts) {
            if (!ta.has(Acct.SOLE)) s.sharedBalance[id] += value;
            return (ta, 0);
        }
        Position storage pos = s.positions[id];
        uint32 holding = pos.holdingWallets;
        pos.holdingWallets = holding + 1;
        if (holding == 0) {
            pos.soleWallet = to;
            return (ta.withFlag(Acct.SOLE, true), 1);
        }
        address sole = pos.soleWallet;
        if (sole != address(0)) {
            // A second wallet starts holding: the explicit total starts from the sole wallet's balance.
            PackedAccount soleAcct = s.accounts[sole];
            s.sharedBalance[id] = soleAcct.balance() + value;
            s.accounts[sole] = soleAcct.withFlag(Acct.SOLE, false);
            pos.soleWallet = address(0);
        } else {
            s.sharedBalance[id] += value;
        }
        return (ta, 0);
    }
}
