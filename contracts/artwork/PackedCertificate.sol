// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice A certificate's record in one storage word:
/// bits 0-159 royalty receiver, 160-175 royalty (basis points), 176-207 issuer id, 208-215 status,
/// 216-223 number of accounts holding an ERC-7943 freeze on this certificate, 224-231 flags.
/// @dev The content hash needs no room here: it is the token id (see ArtworkCertificate). Issuer, status and the
/// ERC-2981 royalty in one word cost a mint one new slot (22,100 gas) where separate issuer/status and royalty
/// records (OpenZeppelin's ERC2981 keeps its own) would cost two or three; a transfer reads this one word for the
/// status and the freeze count.
type PackedCertificate is uint256;

using PackedCertificateLib for PackedCertificate global;

/// @title Accessors of PackedCertificate
library PackedCertificateLib {
    /// @notice The metadata was replaced after issuance: the current hash lives in a separate mapping.
    uint8 internal constant METADATA_UPDATED = 1;
    /// @notice Not a certificate: the content hash is taken by a certificate whose metadata was updated to it.
    uint8 internal constant CONTENT_TAKEN = 2;

    function pack(address royaltyReceiver_, uint16 royaltyBps_, uint32 issuerId_, uint8 status_)
        internal
        pure
        returns (PackedCertificate)
    {
        return PackedCertificate.wrap(
            uint256(uint160(royaltyReceiver_)) | (uint256(royaltyBps_) << 160) | (uint256(issuerId_) << 176)
                | (uint256(status_) << 208)
        );
    }

    function royaltyReceiver(PackedCertificate c) internal pure returns (address) {
        return address(uint160(PackedCertificate.unwrap(c)));
    }

    function royaltyBps(PackedCertificate c) internal pure returns (uint16) {
        return uint16(PackedCertificate.unwrap(c) >> 160);
    }

    function issuerId(PackedCertificate c) internal pure returns (uint32) {
        return uint32(PackedCertificate.unwrap(c) >> 176);
    }

    function status(PackedCertificate c) internal pure returns (uint8) {
        return uint8(PackedCertificate.unwrap(c) >> 208);
    }

    function freezes(PackedCertificate c) internal pure returns (uint8) {
        return uint8(PackedCertificate.unwrap(c) >> 216);
    }

    function flags(PackedCertificate c) internal pure returns (uint8) {
        return uint8(PackedCertificate.unwrap(c) >> 224);
    }

    function isEmpty(PackedCertificate c) internal pure returns (bool) {
        return PackedCertificate.unwrap(c) == 0;
    }

    function withStatus(PackedCertificate c, uint8 status_) internal pure returns (PackedCertificate) {
        return PackedCertificate.wrap((PackedCertificate.unwrap(c) & ~(uint256(0xff) << 208)) | (uint256(status_) << 208));
    }

    function withFreezes(PackedCertificate c, uint8 freezes_) internal pure returns (PackedCertificate) {
        return PackedCertificate.wrap((PackedCertificate.unwrap(c) & ~(uint256(0xff) << 216)) | (uint256(freezes_) << 216));
    }

    function withFlag(PackedCertificate c, uint8 flag) internal pure returns (PackedCertificate) {
        return PackedCertificate.wrap(PackedCertificate.unwrap(c) | (uint256(flag) << 224));
    }
}
