// SPDX-License-Identifier: MIT
// Events keep most values unindexed: indexers read every certificate event, and filter by token, issuer or attester.
// solhint-disable gas-indexed-events
pragma solidity ^0.8.28;

/// @title Folio artwork certificate: what it adds to ERC-721, ERC-2981, ERC-4906, ERC-7943 and ERC-1404
/// @notice A certificate of authenticity for one physical work, issued by an auction house or gallery that the
/// platform authorised. The token id is the SHA-256 of the work's canonical metadata JSON at issuance, so the id
/// itself proves what was certified; `tokenURI` is the IPFS CID of the current metadata. Statuses, reasons,
/// attester roles and provenance kinds are the `uint8` constants of `ArtworkTypes`; restriction codes are those of
/// the security token (`RestrictionCodes`) plus `ArtworkRestrictionCodes` (32-35: lost, stolen, destroyed,
/// revoked). Nothing personal is stored or logged: parties are addresses, documents are hashes.
interface IArtworkCertificate {
    /// @notice A certificate as `certificate(tokenId)` returns it.
    /// @param issuer the auction house or gallery that issued it
    /// @param contentHash SHA-256 of its current canonical metadata JSON (the token id until the metadata changes)
    /// @param status ArtworkTypes.STATUS_*
    /// @param royaltyReceiver the artist's (or estate's) resale-royalty address (ERC-2981)
    /// @param royaltyBps the royalty in basis points (at most ArtworkTypes.MAX_ROYALTY_BPS)
    /// @param frozenAccounts how many accounts hold an ERC-7943 freeze on it
    struct Certificate {
        address issuer;
        bytes32 contentHash;
        uint8 status;
        address royaltyReceiver;
        uint16 royaltyBps;
        uint8 frozenAccounts;
    }

    event IssuerAuthorized(address indexed issuer, uint32 issuerId);
    event IssuerDeauthorized(address indexed issuer, uint32 issuerId);
    event BaseURISet(string baseURI);
    event FractionVaultSet(address indexed vault);
    /// @notice A certificate was issued to `owner` (the ERC-721 Transfer from the zero address follows).
    event CertificateIssued(
        uint256 indexed tokenId,
        address indexed issuer,
        address indexed owner,
        bytes32 contentHash,
        address royaltyReceiver,
        uint16 royaltyBps
    );
    /// @notice The canonical metadata changed from `previousHash` to `contentHash` (ERC-4906 MetadataUpdate follows).
    event MetadataHashUpdated(uint256 indexed tokenId, bytes32 previousHash, bytes32 contentHash, address indexed by);
    event StatusChanged(
        uint256 indexed tokenId,
        uint8 previousStatus,
        uint8 status,
        uint8 reason,
        bytes32 documentHash,
        address indexed by
    );
    /// @notice An attestation was recorded, sent by the attester itself (`signed` false) or carried as its EIP-712
    /// signature (`signed` true).
    event AttestationRecorded(
        uint256 indexed tokenId,
        bytes32 indexed attestationId,
        address indexed attester,
        uint8 role,
        bytes32 statementHash,
        uint256 nonce,
        bool signed
    );
    event AttestationRevoked(
        uint256 indexed tokenId,
        bytes32 indexed attestationId,
        address indexed attester,
        uint8 reason,
        bytes32 documentHash,
        address by
    );
    /// @notice The attester withdrew a nonce before any attestation used it: a signature carrying it is refused.
    event AttestationCancelled(uint256 indexed tokenId, bytes32 indexed attestationId, address indexed attester);
    /// @notice A custody, loan, exhibition or condition-report entry; `date` is YYYYMMDD (00 for an unknown month
    /// or day), `documentHash` the hash of the supporting document.
    event ProvenanceRecorded(
        uint256 indexed tokenId,
        uint8 indexed kind,
        address indexed recordedBy,
        uint32 date,
        bytes32 documentHash
    );
    /// @notice A sale: `price` in the currency's minor units, `currency` its ISO 4217 code, `lot` the lot number
    /// (ASCII, empty for a private sale).
    event SaleRecorded(
        uint256 indexed tokenId,
        address indexed recordedBy,
        uint32 date,
        uint256 price,
        bytes3 currency,
        bytes16 lot,
        bytes32 documentHash
    );

    /// @notice A transfer or mint was refused by a rule; `code` is its restriction code. A frozen certificate
    /// reverts with ERC-7943's `ERC7943InsufficientUnfrozenBalance` instead, base ERC-721 failures with ERC-6093's.
    error ArtworkCertificateTransferRestricted(uint256 tokenId, uint8 code);
    error ArtworkCertificateNotIssuer(address account);
    error ArtworkCertificateIssuerExists(address issuer);
    error ArtworkCertificateInvalidIssuer(address issuer);
    /// @notice `account` is neither the certificate's (authorised) issuer nor the platform owner.
    error ArtworkCertificateNotAuthorized(address account, uint256 tokenId);
    error ArtworkCertificateInvalidContentHash(bytes32 contentHash);
    /// @notice Another certificate was issued for, or updated to, this metadata.
    error ArtworkCertificateContentTaken(bytes32 contentHash);
    error ArtworkCertificateRoyaltyTooHigh(uint16 royaltyBps, uint16 maxRoyaltyBps);
    error ArtworkCertificateInvalidRoyaltyReceiver(address receiver);
    error ArtworkCertificateInvalidStatus(uint8 status);
    error ArtworkCertificateInvalidStatusChange(uint256 tokenId, uint8 status, uint8 newStatus);
    error ArtworkCertificateInvalidReason(uint8 reason);
    /// @notice The certificate is destroyed or revoked, and the operation is not open to it.
    error ArtworkCertificateClosed(uint256 tokenId, uint8 status);
    error ArtworkCertificateTooManyFreezes(uint256 tokenId);
    error ArtworkCertificateInvalidRole(uint8 role);
    error ArtworkCertificateInvalidStatementHash();
    error ArtworkCertificateSignatureExpired(uint256 deadline);
    error ArtworkCertificateInvalidSignature(address attester);
    /// @notice The attester already used (or cancelled) this nonce on this certificate.
    error ArtworkCertificateAttestationExists(bytes32 attestationId);
    error ArtworkCertificateAttestationNotActive(bytes32 attestationId);
    error ArtworkCertificateNotAttester(address account, bytes32 attestationId);
    error ArtworkCertificateInvalidProvenanceKind(uint8 kind);
    error ArtworkCertificateInvalidDate(uint32 date);
    error ArtworkCertificateInvalidDocumentHash();
    error ArtworkCertificateInvalidSale(uint256 price, bytes3 currency);
    error ArtworkCertificateInvalidRegistry(address registry);
    error ArtworkCertificateLocked(uint256 tokenId, address vault);

    // ---------------------------------------------------------------- platform owner

    /// @notice Authorises an auction house or gallery to issue certificates (platform owner only).
    function authorizeIssuer(address issuer) external;

    /// @notice Withdraws an issuer's authorisation: it can no longer mint nor act on its certificates, which keep
    /// it as their issuer; the platform owner acts on them instead (platform owner only).
    function deauthorizeIssuer(address issuer) external;

    /// @notice Sets the prefix of every `tokenURI` (default "ipfs://"); the CID that follows always derives from the
    /// on-chain content hash. Emits ERC-4906 BatchMetadataUpdate over every id (platform owner only).
    function setBaseURI(string calldata baseURI_) external;

    /// @notice Names the platform's fraction vault (zero for none). While the vault reports a certificate locked,
    /// shares trade against it: `forcedTransfer` and `recover` refuse to move it out, so only the vault's buy-out
    /// releases it (platform owner only). Only this address is asked, so no other holder can block a forced move.
    function setFractionVault(address vault) external;

    /// @notice The fraction vault named by `setFractionVault`, or zero.
    function fractionVault() external view returns (address);

    // ---------------------------------------------------------------- issuers

    /// @notice Issues the certificate of the work whose canonical metadata JSON hashes (SHA-256) to `contentHash`
    /// to `to`, with the artist's resale royalty (authorised issuers only). The token id is `uint256(contentHash)`.
    function mint(address to, bytes32 contentHash, address royaltyReceiver, uint16 royaltyBps)
        external
        returns (uint256 tokenId);

    /// @notice Replaces the certificate's canonical metadata (its issuer or the platform owner; not once destroyed
    /// or revoked). The token id stays; `contentHashOf` and `tokenURI` follow the new hash.
    function updateMetadata(uint256 tokenId, bytes32 contentHash) external;

    /// @notice Changes the status (its issuer or the platform owner). Active, lost and stolen may change into any
    /// other status; destroyed and revoked are final. Revoking needs a reason; setting active again is a recovery
    /// in place.
    function setStatus(uint256 tokenId, uint8 status, uint8 reason, bytes32 documentHash) external;

    /// @notice Marks a lost or stolen certificate recovered and, in the same transaction, hands it to `to` if it
    /// is not already there (its issuer or the platform owner); a freeze on the holder is lifted first, and a move
    /// emits ERC-7943 ForcedTransfer.
    function recover(uint256 tokenId, address to, bytes32 documentHash) external;

    /// @notice Records a custody, loan, exhibition or condition-report entry (authorised issuers and the platform
    /// owner; not on a revoked certificate).
    function recordProvenance(uint256 tokenId, uint8 kind, uint32 date, bytes32 documentHash) external;

    /// @notice Records a sale with its price, currency and lot (authorised issuers and the platform owner).
    function recordSale(
        uint256 tokenId,
        uint32 date,
        uint256 price,
        bytes3 currency,
        bytes16 lot,
        bytes32 documentHash
    ) external;

    // ---------------------------------------------------------------- attesters

    /// @notice Records the sender's attestation of the certificate in `role`; `nonce` is the sender's choice and
    /// may be used once per certificate.
    function attest(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce)
        external
        returns (bytes32 attestationId);

    /// @notice Records `attester`'s attestation from its EIP-712 signature (an EOA's, or an ERC-1271 wallet's);
    /// anyone may submit it until `deadline`, once.
    function attestWithSignature(
        uint256 tokenId,
        uint8 role,
        bytes32 statementHash,
        uint256 nonce,
        uint256 deadline,
        address attester,
        bytes calldata signature
    ) external returns (bytes32 attestationId);

    /// @notice Revokes an attestation with a reason (its attester, or the platform owner for disputes). The
    /// attester may also cancel a nonce nothing used yet, so a signature it gave out can no longer be submitted.
    function revokeAttestation(uint256 tokenId, address attester, uint256 nonce, uint8 reason, bytes32 documentHash)
        external;

    // ---------------------------------------------------------------- views

    /// @notice Whether `account` is an authorised issuer now.
    function isIssuer(address account) external view returns (bool);

    /// @notice The issuer of a certificate.
    function issuerOf(uint256 tokenId) external view returns (address);

    /// @notice The SHA-256 of the certificate's current canonical metadata.
    function contentHashOf(uint256 tokenId) external view returns (bytes32);

    /// @notice The status (ArtworkTypes.STATUS_*; 0 for an id that was never issued).
    function statusOf(uint256 tokenId) external view returns (uint8);

    /// @notice Everything the certificate stores.
    function certificate(uint256 tokenId) external view returns (Certificate memory);

    /// @notice The prefix of every tokenURI.
    function baseURI() external view returns (string memory);

    /// @notice Whether owners must be verified investors of the identity registry (fixed at deployment).
    function verifiedOwnersOnly() external view returns (bool);

    /// @notice The identity registry verified-owner collections check.
    function identityRegistry() external view returns (address);

    /// @notice The restriction code `mint(to, …)` would revert with (0: the recipient may receive).
    function detectMintRestriction(address to) external view returns (uint8 code);

    /// @notice The id of `attester`'s attestation of `tokenId` with `nonce`.
    function attestationId(uint256 tokenId, address attester, uint256 nonce) external pure returns (bytes32);

    /// @notice ArtworkTypes.ATTESTATION_*: none, active, revoked or cancelled.
    function attestationState(bytes32 id) external view returns (uint8);

    /// @notice The EIP-712 digest an attester signs for `attestWithSignature`.
    function attestationDigest(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32);
}
