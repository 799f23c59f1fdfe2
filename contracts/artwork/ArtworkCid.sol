// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IPFS CIDv1 of a SHA-256 digest
/// @notice The content identifier IPFS gives a file whose SHA-256 is `digest` when it is stored as one raw block
/// (`ipfs add --cid-version 1` for files up to the 256 KiB chunk size; multiformats
/// `CID.create(1, raw.code, sha256.digest(bytes))`): version 1, codec raw (0x55), multihash sha2-256 (0x12) of 32
/// bytes, written in multibase base32 (prefix "b", lower-case RFC 4648 alphabet, no padding): 59 characters starting
/// with "bafkrei".
library ArtworkCid {
    bytes32 private constant _BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    /// @dev CID version 1, codec raw, multihash code sha2-256, digest length 32.
    bytes4 private constant _PREFIX = 0x01551220;

    function cidV1Raw(bytes32 digest) internal pure returns (string memory) {
        bytes memory data = abi.encodePacked(_PREFIX, digest);
        // 36 bytes = 288 bits = 57 full base32 characters and 3 bits padded into a 58th, after the "b" prefix.
        bytes memory out = new bytes(59);
        out[0] = "b";
        uint256 buffer;
        uint256 bits;
        uint256 j = 1;
        for (uint256 i; i < data.length; ++i) {
            // Bits above the ones still to be written may fall off the top of `buffer`: only the low `bits` matter.
            buffer = (buffer << 8) | uint8(data[i]);
            bits += 8;
            while (bits > 4) {
                bits -= 5;
                out[j] = _BASE32[(buffer >> bits) & 31];
                ++j;
            }
        }
        // 288 = 57 * 5 + 3: three bits are always left, padded with zeros into the last character.
        out[j] = _BASE32[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}
