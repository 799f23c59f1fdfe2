// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Certificate statuses, attester roles and provenance kinds of Folio artwork certificates
/// @notice The values the ArtworkCertificate functions take and return as `uint8` (plain integers rather than
/// Solidity enums, so an out-of-range value is refused with a named error instead of an ABI-decoding revert).
library ArtworkTypes {
    // ---- certificate status (`statusOf`, `setStatus`)
    /// @notice No certificate with this id.
    uint8 internal constant STATUS_NONE = 0;
    /// @notice Issued and in good standing: the only status in which the certificate moves.
    uint8 internal constant STATUS_ACTIVE = 1;
    /// @notice The work is missing; the certificate cannot move until the issuer marks it recovered.
    uint8 internal constant STATUS_LOST = 2;
    /// @notice The work was reported stolen; the certificate cannot move until the issuer marks it recovered.
    uint8 internal constant STATUS_STOLEN = 3;
    /// @notice The work no longer exists. Final: the certificate never moves again; its history stays readable.
    uint8 internal constant STATUS_DESTROYED = 4;
    /// @notice The certificate is void (`reason` says why). Final: it never moves again and records nothing more.
    uint8 internal constant STATUS_REVOKED = 5;

    // ---- status-change and revocation reasons (`setStatus`, `revokeAttestation`; 0: none given)
    uint8 internal constant REASON_NONE = 0;
    uint8 internal constant REASON_ISSUED_IN_ERROR = 1;
    uint8 internal constant REASON_NOT_AUTHENTIC = 2;
    uint8 internal constant REASON_LEGAL_ORDER = 3;
    uint8 internal constant REASON_SUPERSEDED = 4;
    uint8 internal constant REASON_OTHER = 5; // the document hash points to the explanation
    uint8 internal constant REASON_LAST = 5;

    // ---- attester roles (`attest`, `attestWithSignature`)
    uint8 internal constant ROLE_ARTIST = 1; // the artist, or the artist's estate or foundation
    uint8 internal constant ROLE_SPECIALIST = 2; // catalogue raisonné author, scholar, house specialist
    uint8 internal constant ROLE_CONSERVATOR = 3;
    uint8 internal constant ROLE_APPRAISER = 4;
    uint8 internal constant ROLE_LAST = 4;

    // ---- provenance kinds (`recordProvenance`; sales go through `recordSale`)
    uint8 internal constant PROVENANCE_CUSTODY = 1;
    uint8 internal constant PROVENANCE_LOAN = 2;
    uint8 internal constant PROVENANCE_EXHIBITION = 3;
    uint8 internal constant PROVENANCE_CONDITION_REPORT = 4;
    uint8 internal constant PROVENANCE_SALE = 5;

    // ---- attestation states (`attestationState`)
    uint8 internal constant ATTESTATION_NONE = 0;
    uint8 internal constant ATTESTATION_ACTIVE = 1;
    uint8 internal constant ATTESTATION_REVOKED = 2;
    /// @notice The attester withdrew the nonce before any attestation used it: a signature carrying it is refused.
    uint8 internal constant ATTESTATION_CANCELLED = 3;

    /// @notice Most royalty a certificate can carry: 10% (1,000 basis points), the most marketplaces honour; resale
    /// rights by law stay well below it (the EU's droit de suite tops out at 4%).
    uint16 internal constant MAX_ROYALTY_BPS = 1_000;
}
