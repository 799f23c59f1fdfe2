import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { ATTESTATION_DOMAIN_NAME, ATTESTATION_DOMAIN_VERSION, ATTESTATION_TYPES } from "../../../../lib/artwork/attestation.ts";

/** Attester roles (ArtworkTypes.ROLE_*). */
export const ATTESTER_ROLES: readonly { value: number; label: string }[] = [
  { value: 1, label: "Artist, estate or foundation" },
  { value: 2, label: "Specialist (catalogue raisonné, scholar)" },
  { value: 3, label: "Conservator" },
  { value: 4, label: "Appraiser" },
];

export const attesterRoleName = (role: number) => ATTESTER_ROLES.find((r) => r.value === role)?.label ?? `Role ${role}`;

/** What the issuer asks an attester to sign, and what travels in the shareable link. */
export interface AttestationRequest {
  chainId: number;
  collection: Address;
  tokenId: bigint;
  role: number;
  /** The statement the attester makes, in words; its SHA-256 is what the chain records. */
  statement: string;
  statementHash: Hex;
  nonce: bigint;
  /** Seconds since 1970 (UTC) after which the signature is refused. */
  deadline: bigint;
  /** The wallet asked to attest, when the issuer names one. */
  attester: Address | null;
}

/** The EIP-712 typed data the contract checks (ArtworkCertificate: domain "Folio Artwork Certificate", version 1). */
export function attestationTypedData(r: AttestationRequest) {
  return {
    domain: { name: ATTESTATION_DOMAIN_NAME, version: ATTESTATION_DOMAIN_VERSION, chainId: r.chainId, verifyingContract: r.collection },
    types: ATTESTATION_TYPES,
    primaryType: "Attestation",
    message: { tokenId: r.tokenId, role: r.role, statementHash: r.statementHash, nonce: r.nonce, deadline: r.deadline },
  } as const;
}

/** A fresh random nonce: nonces only need to be unique per attester and certificate, so 128 random bits are plenty. */
export function randomNonce(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return BigInt(`0x${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`);
}

/** The request as URL query parameters (for the attester's page at /artworks/attest). */
export function requestToParams(r: AttestationRequest, artworkId: string): URLSearchParams {
  const params = new URLSearchParams({
    artwork: artworkId,
    chain: String(r.chainId),
    collection: r.collection,
    token: `0x${r.tokenId.toString(16).padStart(64, "0")}`,
    role: String(r.role),
    statement: r.statement,
    nonce: r.nonce.toString(),
    deadline: r.deadline.toString(),
  });
  if (r.attester) params.set("attester", r.attester);
  return params;
}

/** A request read back from the link, or what is wrong with the link; the statement is hashed again here. */
export async function paramsToRequest(params: URLSearchParams, hash: (text: string) => Promise<Hex>):
  Promise<{ ok: true; request: AttestationRequest; artworkId: string } | { ok: false; error: string }> {
  const get = (name: string) => params.get(name) ?? "";
  const collection = get("collection");
  const token = get("token");
  const attester = get("attester");
  if (!/^\d{1,10}$/.test(get("chain"))) return { ok: false, error: "The link names no chain" };
  if (!isAddress(collection)) return { ok: false, error: "The link names no certificate collection" };
  if (!isHex(token) || token.length !== 66) return { ok: false, error: "The link names no certificate id" };
  const role = Number(get("role"));
  if (!ATTESTER_ROLES.some((r) => r.value === role)) return { ok: false, error: "The link names no attester role" };
  if (get("statement").trim() === "") return { ok: false, error: "The link carries no statement to attest" };
  if (!/^\d{1,78}$/.test(get("nonce")) || !/^\d{1,20}$/.test(get("deadline"))) return { ok: false, error: "The link's nonce or deadline is not a number" };
  if (attester && !isAddress(attester)) return { ok: false, error: "The link's attester is not a wallet address" };
  const statement = get("statement");
  return {
    ok: true,
    artworkId: get("artwork"),
    request: {
      chainId: Number(get("chain")), collection: getAddress(collection), tokenId: BigInt(token), role, statement,
      statementHash: await hash(statement), nonce: BigInt(get("nonce")), deadline: BigInt(get("deadline")),
      attester: attester ? getAddress(attester) : null,
    },
  };
}

/** What the attester sends back to the issuer: the request's parameters, who signed, and the signature. */
export interface SignedAttestation {
  tokenId: bigint;
  role: number;
  statementHash: Hex;
  nonce: bigint;
  deadline: bigint;
  attester: Address;
  signature: Hex;
}

const REPLY_PREFIX = "folio-attestation:";

export function encodeSignedAttestation(s: SignedAttestation): string {
  return REPLY_PREFIX + [s.tokenId.toString(16), s.role, s.statementHash, s.nonce.toString(), s.deadline.toString(), s.attester, s.signature].join(":");
}

/** The reply pasted by the issuer, or null when it is not one. */
export function decodeSignedAttestation(text: string): SignedAttestation | null {
  const parts = text.trim().startsWith(REPLY_PREFIX) ? text.trim().slice(REPLY_PREFIX.length).split(":") : [];
  if (parts.length !== 7) return null;
  const [token, role, statementHash, nonce, deadline, attester, signature] = parts as [string, string, string, string, string, string, string];
  if (!/^[0-9a-f]{1,64}$/.test(token) || !/^[1-4]$/.test(role) || !isHex(statementHash) || statementHash.length !== 66) return null;
  if (!/^\d{1,78}$/.test(nonce) || !/^\d{1,20}$/.test(deadline) || !isAddress(attester) || !isHex(signature) || signature.length < 132) return null;
  return {
    tokenId: BigInt(`0x${token}`), role: Number(role), statementHash, nonce: BigInt(nonce), deadline: BigInt(deadline),
    attester: getAddress(attester), signature,
  };
}

/** A deadline `days` from `now`, in whole seconds (UTC). */
export const deadlineIn = (days: number, now = new Date()) => BigInt(Math.floor(now.getTime() / 1000) + days * 86_400);
