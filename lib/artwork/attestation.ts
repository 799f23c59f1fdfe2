/**
 * The EIP-712 attestation an attester signs for an artwork certificate (contracts/artwork/ArtworkCertificate.sol),
 * shared by the console, the contract tests and the gas benchmark so that all sign exactly what the contract hashes.
 */
export const ATTESTATION_DOMAIN_NAME = "Folio Artwork Certificate";
export const ATTESTATION_DOMAIN_VERSION = "1";

export const ATTESTATION_TYPES = {
  Attestation: [
    { name: "tokenId", type: "uint256" },
    { name: "role", type: "uint8" },
    { name: "statementHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;
