// SPDX-License-Identifier: MIT
// Comparisons follow the rules' wording ("valid up to and including"); strict rewrites save three gas and hide the
// meaning.
// solhint-disable gas-strict-inequalities
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "./IIdentityRegistry.sol";
import {InvestorFlags} from "./InvestorFlags.sol";

/// @notice An investor record in one word, as the registry stores it and hands it to tokens:
/// bits 0-15 country, 16-55 KYC valid-until, 56-63 category flags, 64-71 status, 72-103 wallet count,
/// bit 104 "this wallet is linked now" (only in `IIdentityRegistry.parties` answers).
/// @dev Tokens read two of these per transfer; passing raw words instead of structs saves about 2,000 gas of ABI
/// encoding and decoding per transfer.
type PackedInvestor is uint256;

using PackedInvestorLib for PackedInvestor global;

/// @title Accessors of PackedInvestor
library PackedInvestorLib {
    uint256 internal constant LINKED = 1 << 104;

    function pack(uint16 country_, uint40 kycValidUntil_, uint8 flags_, uint8 status_, uint32 walletCount_)
        internal
        pure
        returns (PackedInvestor)
    {
        return PackedInvestor.wrap(
            uint256(country_) | (uint256(kycValidUntil_) << 16) | (uint256(flags_) << 56) | (uint256(status_) << 64)
                | (uint256(walletCount_) << 72)
        );
    }

    function unpack(PackedInvestor w) internal pure returns (IIdentityRegistry.Investor memory r) {
        r.country = country(w);
        r.kycValidUntil = kycValidUntil(w);
        r.flags = flags(w);
        r.status = status(w);
        r.walletCount = walletCount(w);
    }

    function country(PackedInvestor w) internal pure returns (uint16) {
        return uint16(PackedInvestor.unwrap(w));
    }

    function kycValidUntil(PackedInvestor w) internal pure returns (uint40) {
        return uint40(PackedInvestor.unwrap(w) >> 16);
    }

    function flags(PackedInvestor w) internal pure returns (uint8) {
        return uint8(PackedInvestor.unwrap(w) >> 56);
    }

    function status(PackedInvestor w) internal pure returns (uint8) {
        return uint8(PackedInvestor.unwrap(w) >> 64);
    }

    function walletCount(PackedInvestor w) internal pure returns (uint32) {
        return uint32(PackedInvestor.unwrap(w) >> 72);
    }

    function linked(PackedInvestor w) internal pure returns (bool) {
        return PackedInvestor.unwrap(w) & LINKED != 0;
    }

    /// @notice Linked now, active and with KYC valid now: may receive tokens.
    function isVerified(PackedInvestor w) internal view returns (bool) {
        return linked(w) && status(w) == InvestorFlags.STATUS_ACTIVE && kycValidUntil(w) >= block.timestamp;
    }

    /// @notice Linked now, and verified or liquidate-only: may send tokens. Liquidate-only investors may sell even
    /// after their KYC has expired: that is what the status is for.
    function canSend(PackedInvestor w) internal view returns (bool) {
        if (!linked(w)) return false;
        uint8 s = status(w);
        if (s == InvestorFlags.STATUS_LIQUIDATE_ONLY) return true;
        return s == InvestorFlags.STATUS_ACTIVE && kycValidUntil(w) >= block.timestamp;
    }

    function withWalletCount(PackedInvestor w, uint32 count) internal pure returns (PackedInvestor) {
        return PackedInvestor.wrap((PackedInvestor.unwrap(w) & ~(uint256(type(uint32).max) << 72)) | (uint256(count) << 72));
    }

    function withStatus(PackedInvestor w, uint8 newStatus) internal pure returns (PackedInvestor) {
        return PackedInvestor.wrap((PackedInvestor.unwrap(w) & ~(uint256(0xff) << 64)) | (uint256(newStatus) << 64));
    }

    function asLinked(PackedInvestor w) internal pure returns (PackedInvestor) {
        return PackedInvestor.wrap(PackedInvestor.unwrap(w) | LINKED);
    }
}
