// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RestrictionCodes} from "../token/RestrictionCodes.sol";
import {ArtworkTypes} from "./ArtworkTypes.sol";

/// @title Restriction codes of artwork certificates
/// @notice The security token's code space (RestrictionCodes: the same numbers mean the same thing on both), plus
/// one code per status that keeps a certificate from moving, numbered from 32 so the two spaces never collide.
library ArtworkRestrictionCodes {
    uint8 internal constant CERTIFICATE_LOST = 32;
    uint8 internal constant CERTIFICATE_STOLEN = 33;
    uint8 internal constant CERTIFICATE_DESTROYED = 34;
    uint8 internal constant CERTIFICATE_REVOKED = 35;

    /// @notice The code a certificate in `status` is refused with (its status is not active).
    function forStatus(uint8 status) internal pure returns (uint8) {
        // STATUS_LOST..STATUS_REVOKED map in order onto CERTIFICATE_LOST..CERTIFICATE_REVOKED.
        return CERTIFICATE_LOST + (status - ArtworkTypes.STATUS_LOST);
    }

    /// @notice The message for a code (ERC-1404 `messageForTransferRestriction`).
    function message(uint8 code) internal pure returns (string memory) {
        if (code == CERTIFICATE_LOST) return "Certificate is marked lost until the issuer recovers it";
        if (code == CERTIFICATE_STOLEN) return "Certificate is marked stolen until the issuer recovers it";
        if (code == CERTIFICATE_DESTROYED) return "The work was destroyed: the certificate never moves again";
        if (code == CERTIFICATE_REVOKED) return "Certificate is revoked: it never moves again";
        return RestrictionCodes.message(code);
    }
}
