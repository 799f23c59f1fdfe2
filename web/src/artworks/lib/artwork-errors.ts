import { statusName } from "./certificate-status.ts";
import { provenanceKindName } from "./provenance.ts";

/**
 * The certificate contract's custom errors in words (IArtworkCertificate), for refusals the console meets before the
 * wallet opens; `restriction` puts an ERC-1404 code into the contract's own message.
 */
export function describeArtworkRevert(errorName: string, args: readonly unknown[], restriction: (code: number) => string): string | null {
  const a = (i: number) => String(args[i]);
  switch (errorName) {
    case "ArtworkCertificateTransferRestricted":
      return restriction(Number(args[1]));
    case "ArtworkCertificateNotIssuer":
      return `${a(0)} is not an authorised issuer of this collection`;
    case "ArtworkCertificateNotAuthorized":
      return `${a(0)} is neither this certificate's issuer nor the platform owner`;
    case "ArtworkCertificateContentTaken":
      return "A certificate for exactly this metadata already exists";
    case "ArtworkCertificateRoyaltyTooHigh":
      return `The royalty of ${a(0)} bps is above the cap of ${a(1)} bps (10 %)`;
    case "ArtworkCertificateInvalidRoyaltyReceiver":
      return "Give a royalty receiver exactly when the royalty is above 0 bps";
    case "ArtworkCertificateInvalidStatusChange":
      return `The certificate is ${statusName(Number(args[1])).toLowerCase()}: it cannot become ${statusName(Number(args[2])).toLowerCase()} this way`;
    case "ArtworkCertificateClosed":
      return `The certificate is ${statusName(Number(args[1])).toLowerCase()}, which is final`;
    case "ArtworkCertificateInvalidReason":
      return "A revocation needs a reason code";
    case "ArtworkCertificateSignatureExpired":
      return `The attester's signature expired at ${new Date(Number(args[0]) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC: ask for a new one`;
    case "ArtworkCertificateInvalidSignature":
      return `The signature is not ${a(0)}'s signature of this attestation (another certificate, chain, collection or text)`;
    case "ArtworkCertificateAttestationExists":
      return "This attestation (same attester and nonce) is already recorded";
    case "ArtworkCertificateAttestationNotActive":
      return "The attestation is not active";
    case "ArtworkCertificateInvalidProvenanceKind":
      return `${provenanceKindName(Number(args[0]))} is not a provenance kind this call records`;
    case "ArtworkCertificateInvalidDate":
      return "The date is not a calendar date";
    case "ArtworkCertificateInvalidDocumentHash":
      return "The entry needs a document hash";
    case "ArtworkCertificateInvalidSale":
      return "A sale needs a price above zero and a three-letter currency code";
    case "ERC721IncorrectOwner":
      return `${a(0)} does not hold this certificate (${a(2)} does)`;
    case "ERC721InsufficientApproval":
      return `${a(0)} may not move this certificate: only its holder or an approved account can`;
    case "ERC721InvalidReceiver":
      return `${a(0)} cannot receive the certificate (a contract that does not accept ERC-721 tokens)`;
    case "ERC721NonexistentToken":
      return "No certificate with this id has been issued";
    case "ERC7943InsufficientUnfrozenBalance":
      return "The certificate is frozen on its holder";
    default:
      return null;
  }
}
