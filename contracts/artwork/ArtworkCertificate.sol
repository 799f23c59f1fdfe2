// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IArtworkCertificate} from "../interfaces/IArtworkCertificate.sol";
import {IERC1404} from "../interfaces/IERC1404.sol";
import {IFractionVault} from "../interfaces/IFractionVault.sol";
import {IERC7943NonFungible} from "../interfaces/IERC7943NonFungible.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {InvestorFlags} from "../interfaces/InvestorFlags.sol";
import {PackedInvestor} from "../interfaces/PackedInvestor.sol";
import {RestrictionCodes as Codes} from "../token/RestrictionCodes.sol";
import {ArtworkCid} from "./ArtworkCid.sol";
import {ArtworkRestrictionCodes as ArtCodes} from "./ArtworkRestrictionCodes.sol";
import {ArtworkTypes as T} from "./ArtworkTypes.sol";
import {PackedCertificate} from "./PackedCertificate.sol";
import {PackedCertificateLib as Cert} from "./PackedCertificate.sol";

/// @title ArtworkCertificate
/// @notice Certificates of authenticity for physical artworks, one ERC-721 token per work, issued by auction houses
/// and galleries the platform owner authorised. Implements ERC-721 with metadata, ERC-2981 (the artist's resale
/// royalty, capped at 10%, fixed at mint), ERC-4906, ERC-7943 (non-fungible), ERC-1404 and ERC-165.
///
/// Identity of a certificate: its token id is the SHA-256 of the work's canonical metadata JSON at issuance, and
/// `tokenURI` is `baseURI` followed by the IPFS CIDv1 of the current metadata hash. Nobody can re-point a certificate
/// at other metadata without it showing: a new hash comes only from `updateMetadata` (its issuer or the platform,
/// logged with ERC-4906 MetadataUpdate and MetadataHashUpdated), and a new base URI logs BatchMetadataUpdate over
/// every id while the CID in every URI still names the on-chain hash. Using the hash as the id also keeps the hash
/// out of storage: a mint writes one record word (issuer, status, royalty) besides OpenZeppelin's owner and balance,
/// instead of two. Issuing the same metadata twice is refused; re-issuing a work needs new metadata.
///
/// Collections: one contract is one collection, and whether its owners must be verified investors of the platform's
/// identity registry is fixed at deployment, so ERC-7943's account-level `canSend`/`canReceive` mean the same for
/// every certificate of the contract.
///
/// Which rules each path that moves a certificate enforces (one `_update` override carries them all):
/// - every path: the certificate is active (lost and stolen ones wait for `recover`; destroyed and revoked ones
///   never move again), and in a verified-owners collection the recipient is a verified investor;
/// - `transferFrom`, both `safeTransferFrom`, and operators' or approved accounts' transfers: also no ERC-7943
///   freeze of the certificate on its holder, and in a verified-owners collection a holder that may send
///   (verified, or liquidate-only);
/// - `mint`: the recipient rule above (ERC-7943 allows a privileged mint to skip it; Folio does not);
/// - `forcedTransfer` and `recover` (issuer or platform): the recipient rule only. They bypass the holder's
///   eligibility and lift a freeze on the holder first (ERC-7943 Frozen before Transfer), because they carry out
///   recoveries, court orders and corrections that the holder's own rules would block. A forced move onto the
///   holder itself is refused.
/// There is no burn: a destroyed work keeps its certificate and history with status destroyed.
///
/// Vaults: a certificate deposited into a vault contract (fractional ownership) moves only when the vault moves it,
/// because the vault is its owner; no lock is needed here. In a verified-owners collection the vault must itself be
/// a verified investor (the platform's KYC agent registers it) to receive it.
///
/// @dev Attestation ids are keccak256(tokenId, attester, nonce): the id binds the certificate and the attester, so
/// a signature cannot be replayed on another certificate or by another attester, a used or cancelled nonce cannot
/// be used again, and the EIP-712 domain (name, version, chain id, this contract) binds chain and contract.
/// Provenance entries are events only (no storage): the history is the log.
contract ArtworkCertificate is
    ERC721,
    EIP712,
    IERC2981,
    IERC4906,
    IERC1404,
    IERC7943NonFungible,
    IArtworkCertificate,
    Ownable2Step
{
    // The type string is hashed at compile time: its length costs nothing at run time.
    bytes32 private constant _ATTESTATION_TYPEHASH = keccak256( // solhint-disable-line gas-small-strings
        "Attestation(uint256 tokenId,uint8 role,bytes32 statementHash,uint256 nonce,uint256 deadline)"
    );
    /// @dev `_issuers` words: the issuer id in the low 32 bits, and this bit while it is authorised.
    uint256 private constant _ISSUER_ACTIVE = 1 << 32;

    bool private immutable _verifiedOwnersOnly;
    IIdentityRegistry private immutable _registry;

    mapping(uint256 tokenId => PackedCertificate) private _certificates;
    mapping(uint256 tokenId => bytes32) private _updatedHashes;
    mapping(uint256 tokenId => mapping(address account => bool)) private _frozen;
    mapping(address issuer => uint256) private _issuers;
    address[] private _issuerAddresses;
    mapping(bytes32 attestationId => uint8) private _attestations;
    string private _baseURIValue = "ipfs://";
    address private _fractionVault;

    /// @param owner_ the platform owner: authorises issuers, settles disputes, sets the base URI
    /// @param name_ ERC-721 name (the EIP-712 domain is "Folio Artwork Certificate", version "1", with the chain id
    /// and this contract's address: collections differ by address; `eip712Domain()` returns it, ERC-5267)
    /// @param symbol_ ERC-721 symbol
    /// @param registry the platform's identity registry (may be zero unless `verifiedOwnersOnly_`)
    /// @param verifiedOwnersOnly_ owners must be verified investors of `registry` (fixed for the collection's life:
    /// switching it on later would strand owners that are not verified)
    constructor(address owner_, string memory name_, string memory symbol_, address registry, bool verifiedOwnersOnly_)
        ERC721(name_, symbol_)
        EIP712("Folio Artwork Certificate", "1")
        Ownable(owner_)
    {
        if (verifiedOwnersOnly_ && registry.code.length == 0) revert ArtworkCertificateInvalidRegistry(registry);
        _registry = IIdentityRegistry(registry);
        _verifiedOwnersOnly = verifiedOwnersOnly_;
    }

    // =============================================================== platform owner

    /// @inheritdoc IArtworkCertificate
    function authorizeIssuer(address issuer) external onlyOwner {
        if (issuer == address(0)) revert ArtworkCertificateInvalidIssuer(issuer);
        uint256 word = _issuers[issuer];
        if (word & _ISSUER_ACTIVE != 0) revert ArtworkCertificateIssuerExists(issuer);
        uint32 id = uint32(word);
        if (id == 0) {
            // Ids start at 1 (0 marks "never authorised"); 2^32 issuers will not be reached.
            _issuerAddresses.push(issuer);
            id = uint32(_issuerAddresses.length);
        }
        _issuers[issuer] = id | _ISSUER_ACTIVE;
        emit IssuerAuthorized(issuer, id);
    }

    /// @inheritdoc IArtworkCertificate
    function deauthorizeIssuer(address issuer) external onlyOwner {
        uint256 word = _issuers[issuer];
        if (word & _ISSUER_ACTIVE == 0) revert ArtworkCertificateNotIssuer(issuer);
        _issuers[issuer] = word & ~uint256(_ISSUER_ACTIVE);
        emit IssuerDeauthorized(issuer, uint32(word));
    }

    /// @inheritdoc IArtworkCertificate
    function setFractionVault(address vault) external onlyOwner {
        _fractionVault = vault;
        emit FractionVaultSet(vault);
    }

    /// @inheritdoc IArtworkCertificate
    function setBaseURI(string calldata baseURI_) external onlyOwner {
        _baseURIValue = baseURI_;
        emit BaseURISet(baseURI_);
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    // =============================================================== issuers

    /// @inheritdoc IArtworkCertificate
    function mint(address to, bytes32 contentHash, address royaltyReceiver, uint16 royaltyBps)
        external
        returns (uint256 tokenId)
    {
        uint256 issuerWord = _issuers[msg.sender];
        if (issuerWord & _ISSUER_ACTIVE == 0) revert ArtworkCertificateNotIssuer(msg.sender);
        if (contentHash == bytes32(0)) revert ArtworkCertificateInvalidContentHash(contentHash);
        if (royaltyBps > T.MAX_ROYALTY_BPS) revert ArtworkCertificateRoyaltyTooHigh(royaltyBps, T.MAX_ROYALTY_BPS);
        if ((royaltyReceiver == address(0)) != (royaltyBps == 0)) {
            revert ArtworkCertificateInvalidRoyaltyReceiver(royaltyReceiver);
        }
        tokenId = uint256(contentHash);
        // Reading the word first makes the write below a warm one: the duplicate check costs ~100 gas.
        if (!_certificates[tokenId].isEmpty()) revert ArtworkCertificateContentTaken(contentHash);
        // The record is complete before the receiver's onERC721Received runs (F1: a re-entrant mint of the same
        // content finds it taken).
        _certificates[tokenId] = Cert.pack(royaltyReceiver, royaltyBps, uint32(issuerWord), T.STATUS_ACTIVE);
        emit CertificateIssued(tokenId, msg.sender, to, contentHash, royaltyReceiver, royaltyBps);
        _safeMint(to, tokenId);
    }

    /// @inheritdoc IArtworkCertificate
    function updateMetadata(uint256 tokenId, bytes32 contentHash) external {
        PackedCertificate c = _authorize(tokenId);
        uint8 status = c.status();
        if (status == T.STATUS_DESTROYED || status == T.STATUS_REVOKED) revert ArtworkCertificateClosed(tokenId, status);
        bytes32 previous = _contentHash(tokenId, c);
        if (contentHash == bytes32(0) || contentHash == previous) {
            revert ArtworkCertificateInvalidContentHash(contentHash);
        }
        uint256 key = uint256(contentHash);
        if (key != tokenId) {
            // The hash becomes taken: no other certificate may be issued for, or updated to, the same metadata.
            if (!_certificates[key].isEmpty()) revert ArtworkCertificateContentTaken(contentHash);
            _certificates[key] = PackedCertificate.wrap(0).withFlag(Cert.CONTENT_TAKEN);
        }
        _updatedHashes[tokenId] = contentHash;
        _certificates[tokenId] = c.withFlag(Cert.METADATA_UPDATED);
        emit MetadataHashUpdated(tokenId, previous, contentHash, msg.sender);
        emit MetadataUpdate(tokenId);
    }

    /// @inheritdoc IArtworkCertificate
    function setStatus(uint256 tokenId, uint8 status, uint8 reason, bytes32 documentHash) external {
        if (status == T.STATUS_NONE || status > T.STATUS_REVOKED) revert ArtworkCertificateInvalidStatus(status);
        if (reason > T.REASON_LAST || (status == T.STATUS_REVOKED && reason == T.REASON_NONE)) {
            revert ArtworkCertificateInvalidReason(reason);
        }
        PackedCertificate c = _authorize(tokenId);
        uint8 previous = c.status();
        if (previous == T.STATUS_DESTROYED || previous == T.STATUS_REVOKED) {
            revert ArtworkCertificateClosed(tokenId, previous);
        }
        if (previous == status) revert ArtworkCertificateInvalidStatusChange(tokenId, previous, status);
        _certificates[tokenId] = c.withStatus(status);
        emit StatusChanged(tokenId, previous, status, reason, documentHash, msg.sender);
    }

    /// @inheritdoc IArtworkCertificate
    function recover(uint256 tokenId, address to, bytes32 documentHash) external {
        PackedCertificate c = _authorize(tokenId);
        uint8 previous = c.status();
        if (previous != T.STATUS_LOST && previous != T.STATUS_STOLEN) {
            revert ArtworkCertificateInvalidStatusChange(tokenId, previous, T.STATUS_ACTIVE);
        }
        if (to == address(0)) revert ERC721InvalidReceiver(to);
        c = c.withStatus(T.STATUS_ACTIVE);
        _certificates[tokenId] = c;
        emit StatusChanged(tokenId, previous, T.STATUS_ACTIVE, T.REASON_NONE, documentHash, msg.sender);
        address holder = _ownerOf(tokenId);
        if (holder != to) _forceMove(holder, to, tokenId, c);
    }

    /// @inheritdoc IArtworkCertificate
    function recordProvenance(uint256 tokenId, uint8 kind, uint32 date, bytes32 documentHash) external {
        if (kind == 0 || kind > T.PROVENANCE_CONDITION_REPORT) revert ArtworkCertificateInvalidProvenanceKind(kind);
        _checkRecord(tokenId, date, documentHash);
        emit ProvenanceRecorded(tokenId, kind, msg.sender, date, documentHash);
    }

    /// @inheritdoc IArtworkCertificate
    function recordSale(
        uint256 tokenId,
        uint32 date,
        uint256 price,
        bytes3 currency,
        bytes16 lot,
        bytes32 documentHash
    ) external {
        if (price == 0 || !_isCurrencyCode(currency)) revert ArtworkCertificateInvalidSale(price, currency);
        _checkRecord(tokenId, date, documentHash);
        emit SaleRecorded(tokenId, msg.sender, date, price, currency, lot, documentHash);
    }

    // =============================================================== attesters

    /// @inheritdoc IArtworkCertificate
    function attest(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce)
        external
        returns (bytes32 id)
    {
        id = _recordAttestation(tokenId, role, statementHash, nonce, msg.sender);
        emit AttestationRecorded(tokenId, id, msg.sender, role, statementHash, nonce, false);
    }

    /// @inheritdoc IArtworkCertificate
    function attestWithSignature(
        uint256 tokenId,
        uint8 role,
        bytes32 statementHash,
        uint256 nonce,
        uint256 deadline,
        address attester,
        bytes calldata signature
    ) external returns (bytes32 id) {
        if (block.timestamp > deadline) revert ArtworkCertificateSignatureExpired(deadline);
        bytes32 digest = _attestationDigest(tokenId, role, statementHash, nonce, deadline);
        if (!_isValidSignature(attester, digest, signature)) revert ArtworkCertificateInvalidSignature(attester);
        id = _recordAttestation(tokenId, role, statementHash, nonce, attester);
        emit AttestationRecorded(tokenId, id, attester, role, statementHash, nonce, true);
    }

    /// @inheritdoc IArtworkCertificate
    function revokeAttestation(uint256 tokenId, address attester, uint256 nonce, uint8 reason, bytes32 documentHash)
        external
    {
        bytes32 id = attestationId(tokenId, attester, nonce);
        uint8 state = _attestations[id];
        if (state == T.ATTESTATION_NONE) {
            // Only the attester can withdraw a nonce it has not used (no reason: there is nothing to retract).
            if (msg.sender != attester) revert ArtworkCertificateNotAttester(msg.sender, id);
            _attestations[id] = T.ATTESTATION_CANCELLED;
            emit AttestationCancelled(tokenId, id, attester);
            return;
        }
        if (state != T.ATTESTATION_ACTIVE) revert ArtworkCertificateAttestationNotActive(id);
        if (msg.sender != attester && msg.sender != owner()) revert ArtworkCertificateNotAttester(msg.sender, id);
        if (reason == T.REASON_NONE || reason > T.REASON_LAST) revert ArtworkCertificateInvalidReason(reason);
        _attestations[id] = T.ATTESTATION_REVOKED;
        emit AttestationRevoked(tokenId, id, attester, reason, documentHash, msg.sender);
    }

    // =============================================================== ERC-7943

    /// @inheritdoc IERC7943NonFungible
    /// @dev The certificate's issuer or the platform owner. Moves an active certificate only (see `recover` for lost
    /// and stolen ones) to another account that may receive; a freeze on `from` is lifted first.
    function forcedTransfer(address from, address to, uint256 tokenId) external returns (bool) {
        PackedCertificate c = _authorize(tokenId);
        if (to == address(0)) revert ERC721InvalidReceiver(to);
        address holder = _ownerOf(tokenId);
        if (holder != from) revert ERC721IncorrectOwner(from, tokenId, holder);
        // A forced move onto the holder itself would only lift its freeze (ethereum/ERCs#1778): setFrozenTokens
        // is the one way to unfreeze.
        if (to == from) revert ERC7943CannotTransfer(from, to, tokenId);
        _forceMove(from, to, tokenId, c);
        return true;
    }

    /// @inheritdoc IERC7943NonFungible
    /// @dev The certificate's issuer or the platform owner; `account` need not hold the certificate (a freeze then
    /// waits for it). At most 255 accounts can hold a freeze on one certificate at once.
    function setFrozenTokens(address account, uint256 tokenId, bool frozenStatus) external returns (bool) {
        PackedCertificate c = _authorize(tokenId);
        if (account == address(0)) revert ERC721InvalidOwner(account);
        if (_frozen[tokenId][account] != frozenStatus) {
            uint8 count = c.freezes();
            if (frozenStatus) {
                if (count == type(uint8).max) revert ArtworkCertificateTooManyFreezes(tokenId);
                ++count;
            } else {
                // The flag was set, so the count is at least 1.
                --count;
            }
            _frozen[tokenId][account] = frozenStatus;
            _certificates[tokenId] = c.withFreezes(count);
        }
        emit Frozen(account, tokenId, frozenStatus);
        return true;
    }

    /// @inheritdoc IERC7943NonFungible
    function getFrozenTokens(address account, uint256 tokenId) external view returns (bool) {
        return _frozen[tokenId][account];
    }

    /// @inheritdoc IERC7943NonFungible
    function canSend(address account) external view returns (bool) {
        if (!_verifiedOwnersOnly) return true;
        (, PackedInvestor record) = _registry.party(account);
        return record.canSend();
    }

    /// @inheritdoc IERC7943NonFungible
    function canReceive(address account) external view returns (bool) {
        if (account == address(0)) return false;
        if (!_verifiedOwnersOnly) return true;
        (, PackedInvestor record) = _registry.party(account);
        return _recipientCode(record) == Codes.SUCCESS;
    }

    /// @inheritdoc IERC7943NonFungible
    /// @dev False exactly when a rule refuses the transfer: the certificate's status, a freeze on `from`, or
    /// `canSend(from)` / `canReceive(to)`. As ERC-7943 requires, base ERC-721 failures (a `from` that does not hold
    /// the certificate, an id never issued) do not make it false.
    function canTransfer(address from, address to, uint256 tokenId) external view returns (bool) {
        return to != address(0) && _restriction(from, to, tokenId, true) == Codes.SUCCESS;
    }

    // =============================================================== ERC-1404 and restriction views

    /// @inheritdoc IERC1404
    /// @dev `value` is the token id. For a `from` that holds the certificate, the code the transfer reverts with (0:
    /// it succeeds); INVALID_RECIPIENT for the zero address, INSUFFICIENT_BALANCE for an id never issued or a
    /// `from` that does not hold it.
    function detectTransferRestriction(address from, address to, uint256 value) public view returns (uint8 code) {
        if (to == address(0)) return Codes.INVALID_RECIPIENT;
        address holder = _ownerOf(value);
        if (holder == address(0)) return Codes.INSUFFICIENT_BALANCE;
        code = _restriction(from, to, value, true);
        if (code == Codes.SUCCESS && holder != from) code = Codes.INSUFFICIENT_BALANCE;
    }

    /// @inheritdoc IERC1404
    /// @dev As `detectTransferRestriction`, then INSUFFICIENT_ALLOWANCE when `spender` is neither the holder, nor
    /// approved for the certificate, nor an operator of the holder (OpenZeppelin checks the rules first too).
    function detectTransferRestrictionFrom(address spender, address from, address to, uint256 value)
        external
        view
        returns (uint8 code)
    {
        code = detectTransferRestriction(from, to, value);
        if (code == Codes.SUCCESS && !_isAuthorized(from, spender, value)) code = Codes.INSUFFICIENT_ALLOWANCE;
    }

    /// @inheritdoc IERC1404
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return ArtCodes.message(restrictionCode);
    }

    /// @inheritdoc IArtworkCertificate
    function detectMintRestriction(address to) external view returns (uint8) {
        if (to == address(0)) return Codes.INVALID_RECIPIENT;
        return _restriction(address(0), to, 0, false);
    }

    // =============================================================== views

    /// @inheritdoc ERC721
    /// @dev `baseURI` followed by the IPFS CIDv1 (raw, sha2-256) of the current content hash.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        PackedCertificate c = _existing(tokenId);
        return string.concat(_baseURIValue, ArtworkCid.cidV1Raw(_contentHash(tokenId, c)));
    }

    /// @inheritdoc IERC2981
    /// @dev The royalty the issuer recorded at mint for the artist (or estate); (0, 0) when none was recorded.
    function royaltyInfo(uint256 tokenId, uint256 salePrice) external view returns (address, uint256) {
        PackedCertificate c = _existing(tokenId);
        return (c.royaltyReceiver(), salePrice * c.royaltyBps() / 10_000);
    }

    /// @inheritdoc IArtworkCertificate
    function isIssuer(address account) external view returns (bool) {
        return _issuers[account] & _ISSUER_ACTIVE != 0;
    }

    /// @inheritdoc IArtworkCertificate
    function issuerOf(uint256 tokenId) public view returns (address) {
        return _issuerAddresses[_existing(tokenId).issuerId() - 1];
    }

    /// @inheritdoc IArtworkCertificate
    function contentHashOf(uint256 tokenId) external view returns (bytes32) {
        return _contentHash(tokenId, _existing(tokenId));
    }

    /// @inheritdoc IArtworkCertificate
    function statusOf(uint256 tokenId) external view returns (uint8) {
        return _certificates[tokenId].status();
    }

    /// @inheritdoc IArtworkCertificate
    function certificate(uint256 tokenId) external view returns (Certificate memory) {
        PackedCertificate c = _existing(tokenId);
        return Certificate({
            issuer: issuerOf(tokenId),
            contentHash: _contentHash(tokenId, c),
            status: c.status(),
            royaltyReceiver: c.royaltyReceiver(),
            royaltyBps: c.royaltyBps(),
            frozenAccounts: c.freezes()
        });
    }

    /// @inheritdoc IArtworkCertificate
    function fractionVault() external view returns (address) {
        return _fractionVault;
    }

    /// @inheritdoc IArtworkCertificate
    function baseURI() external view returns (string memory) {
        return _baseURIValue;
    }

    /// @inheritdoc IArtworkCertificate
    function verifiedOwnersOnly() external view returns (bool) {
        return _verifiedOwnersOnly;
    }

    /// @inheritdoc IArtworkCertificate
    function identityRegistry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IArtworkCertificate
    function attestationId(uint256 tokenId, address attester, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(tokenId, attester, nonce));
    }

    /// @inheritdoc IArtworkCertificate
    function attestationState(bytes32 id) external view returns (uint8) {
        return _attestations[id];
    }

    /// @inheritdoc IArtworkCertificate
    function attestationDigest(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32)
    {
        return _attestationDigest(tokenId, role, statementHash, nonce, deadline);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool) {
        return interfaceId == type(IERC2981).interfaceId || interfaceId == bytes4(0x49064906) // ERC-4906
            || interfaceId == type(IERC7943NonFungible).interfaceId || interfaceId == type(IERC1404).interfaceId
            || interfaceId == type(IArtworkCertificate).interfaceId || interfaceId == 0x7f5828d0 // ERC-173 ownership
            || super.supportsInterface(interfaceId);
    }

    // =============================================================== internals

    /// @dev The one hook every move goes through (mint, transfers, forced moves). `auth` is zero only on Folio's
    /// own privileged paths (mint, forcedTransfer, recover), which ran their own checks; a holder-initiated transfer
    /// always carries the caller. A transferFrom of an id never issued falls through to OpenZeppelin's
    /// ERC721NonexistentToken.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) || auth == address(0)) {
            uint8 code = _restriction(from, to, tokenId, auth != address(0));
            if (code == Codes.TOKENS_FROZEN) revert ERC7943InsufficientUnfrozenBalance(from, tokenId);
            if (code != Codes.SUCCESS) revert ArtworkCertificateTransferRestricted(tokenId, code);
        }
        return super._update(to, tokenId, auth);
    }

    /// @dev Every rule of a move of `tokenId` from `from` (zero for a mint) to `to`, in the order the codes take
    /// precedence; `holder` is true for transfers the holder (or its approved account or operator) makes. Views and
    /// `_update` both call this, so a view returns exactly the code the move reverts with.
    function _restriction(address from, address to, uint256 tokenId, bool holder) private view returns (uint8) {
        if (from != address(0)) {
            PackedCertificate c = _certificates[tokenId];
            uint8 status = c.status();
            // STATUS_NONE: an id never issued, which is the base standard's failure, not a rule's.
            if (status > T.STATUS_ACTIVE) return ArtCodes.forStatus(status);
            // The freeze count spares the common transfer a cold read of the freeze mapping.
            if (holder && c.freezes() != 0 && _frozen[tokenId][from]) return Codes.TOKENS_FROZEN;
        }
        if (!_verifiedOwnersOnly) return Codes.SUCCESS;
        if (holder && from != address(0)) {
            (, PackedInvestor fromRecord,, PackedInvestor toRecord) = _registry.parties(from, to);
            if (!fromRecord.canSend()) return Codes.SENDER_NOT_ELIGIBLE;
            return _recipientCode(toRecord);
        }
        (, PackedInvestor record) = _registry.party(to);
        return _recipientCode(record);
    }

    /// @dev The security token's recipient rule: linked, KYC valid, active (liquidate-only investors may only sell).
    function _recipientCode(PackedInvestor record) private view returns (uint8) {
        // solhint-disable-next-line gas-strict-inequalities
        if (!record.linked() || record.kycValidUntil() < block.timestamp) return Codes.RECIPIENT_NOT_VERIFIED;
        uint8 status = record.status();
        if (status == InvestorFlags.STATUS_LIQUIDATE_ONLY) return Codes.RECIPIENT_LIQUIDATE_ONLY;
        if (status != InvestorFlags.STATUS_ACTIVE) return Codes.RECIPIENT_NOT_VERIFIED;
        return Codes.SUCCESS;
    }

    /// @dev A privileged move: lifts a freeze on `from` (Frozen is logged before Transfer, as ERC-7943 asks), then
    /// moves without the receiver hook; `_update` still requires an active certificate and a recipient that may
    /// receive.
    function _forceMove(address from, address to, uint256 tokenId, PackedCertificate c) private {
        // Shares trade against a certificate locked in the vault: only its buy-out takes it out.
        address vault = _fractionVault;
        if (from == vault && vault != address(0) && IFractionVault(vault).isLocked(address(this), tokenId)) {
            revert ArtworkCertificateLocked(tokenId, vault);
        }
        if (c.freezes() != 0 && _frozen[tokenId][from]) {
            _frozen[tokenId][from] = false;
            _certificates[tokenId] = c.withFreezes(c.freezes() - 1);
            emit Frozen(from, tokenId, false);
        }
        _transfer(from, to, tokenId);
        emit ForcedTransfer(from, to, tokenId);
    }

    /// @dev The certificate's record, if `msg.sender` is its authorised issuer or the platform owner.
    function _authorize(uint256 tokenId) private view returns (PackedCertificate c) {
        c = _existing(tokenId);
        if (msg.sender == owner()) return c;
        uint256 word = _issuers[msg.sender];
        if (word & _ISSUER_ACTIVE == 0 || uint32(word) != c.issuerId()) {
            revert ArtworkCertificateNotAuthorized(msg.sender, tokenId);
        }
    }

    function _existing(uint256 tokenId) private view returns (PackedCertificate c) {
        c = _certificates[tokenId];
        if (c.status() == T.STATUS_NONE) revert ERC721NonexistentToken(tokenId);
    }

    function _contentHash(uint256 tokenId, PackedCertificate c) private view returns (bytes32) {
        return c.flags() & Cert.METADATA_UPDATED != 0 ? _updatedHashes[tokenId] : bytes32(tokenId);
    }

    /// @dev Who may record provenance (any authorised issuer, e.g. the house reselling the work, and the platform
    /// owner), on which certificates (any issued and not revoked; a destroyed work's history stays open) and what.
    function _checkRecord(uint256 tokenId, uint32 date, bytes32 documentHash) private view {
        if (_issuers[msg.sender] & _ISSUER_ACTIVE == 0 && msg.sender != owner()) {
            revert ArtworkCertificateNotIssuer(msg.sender);
        }
        uint8 status = _existing(tokenId).status();
        if (status == T.STATUS_REVOKED) revert ArtworkCertificateClosed(tokenId, status);
        if (documentHash == bytes32(0)) revert ArtworkCertificateInvalidDocumentHash();
        uint32 month = (date / 100) % 100;
        uint32 day = date % 100;
        if (date < 1_00_00 || month > 12 || day > 31 || (month == 0 && day != 0)) {
            revert ArtworkCertificateInvalidDate(date);
        }
    }

    function _recordAttestation(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce, address attester)
        private
        returns (bytes32 id)
    {
        if (role == 0 || role > T.ROLE_LAST) revert ArtworkCertificateInvalidRole(role);
        if (statementHash == bytes32(0)) revert ArtworkCertificateInvalidStatementHash();
        uint8 status = _existing(tokenId).status();
        if (status == T.STATUS_REVOKED) revert ArtworkCertificateClosed(tokenId, status);
        id = attestationId(tokenId, attester, nonce);
        if (_attestations[id] != T.ATTESTATION_NONE) revert ArtworkCertificateAttestationExists(id);
        _attestations[id] = T.ATTESTATION_ACTIVE;
    }

    function _attestationDigest(uint256 tokenId, uint8 role, bytes32 statementHash, uint256 nonce, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(_ATTESTATION_TYPEHASH, tokenId, role, statementHash, nonce, deadline)));
    }

    /// @dev An EOA's ECDSA signature, else (when `signer` has code) an ERC-1271 wallet's answer. Trying ECDSA first
    /// spares an EOA attester the cold code-size read SignatureChecker starts with (2,600 gas); a recovered key can
    /// equal a contract's address only if someone holds that address's key, which is then a valid signer anyway
    /// (EIP-7702 accounts).
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    /// @dev Three upper-case ASCII letters, the shape of an ISO 4217 code.
    function _isCurrencyCode(bytes3 code) private pure returns (bool) {
        for (uint256 i; i < 3; ++i) {
            bytes1 ch = code[i];
            if (ch < "A" || ch > "Z") return false;
        }
        return true;
    }
}
