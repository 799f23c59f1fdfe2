import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ArtworkCertificate, IdentityRegistry } from "../../../typechain-types";
import { ATTESTATION_DOMAIN_NAME, ATTESTATION_TYPES as SHARED_ATTESTATION_TYPES } from "../../../lib/artwork/attestation";
import { CODE } from "../token/fixture";

export { CODE };
export const DAY = 24 * 3600;

/** ArtworkTypes.STATUS_* */
export const STATUS = { NONE: 0, ACTIVE: 1, LOST: 2, STOLEN: 3, DESTROYED: 4, REVOKED: 5 } as const;
/** ArtworkTypes.REASON_* */
export const REASON = { NONE: 0, ISSUED_IN_ERROR: 1, NOT_AUTHENTIC: 2, LEGAL_ORDER: 3, SUPERSEDED: 4, OTHER: 5 } as const;
/** ArtworkTypes.ROLE_* */
export const ROLE = { ARTIST: 1, SPECIALIST: 2, CONSERVATOR: 3, APPRAISER: 4 } as const;
/** ArtworkTypes.PROVENANCE_* */
export const KIND = { CUSTODY: 1, LOAN: 2, EXHIBITION: 3, CONDITION_REPORT: 4, SALE: 5 } as const;
/** ArtworkTypes.ATTESTATION_* */
export const ATTESTATION = { NONE: 0, ACTIVE: 1, REVOKED: 2, CANCELLED: 3 } as const;
/** ArtworkRestrictionCodes: one code per status that keeps a certificate from moving. */
export const ART_CODE = { LOST: 32, STOLEN: 33, DESTROYED: 34, REVOKED: 35 } as const;
export const INVESTOR_STATUS = { ACTIVE: 1, LIQUIDATE_ONLY: 2, SUSPENDED: 3 } as const;

export const EIP712_NAME = ATTESTATION_DOMAIN_NAME;
export const ATTESTATION_TYPES = { Attestation: [...SHARED_ATTESTATION_TYPES.Attestation] };

/** The SHA-256 of a work's canonical metadata JSON, as the server computes it: the certificate's token id. */
export function metadataHash(title: string, extra: Record<string, unknown> = {}): string {
  const json = JSON.stringify({ name: title, description: `${title}, oil on canvas`, ...extra });
  return ethers.sha256(ethers.toUtf8Bytes(json));
}

export const tokenIdOf = (hash: string) => BigInt(hash);
export const doc = (label: string) => ethers.id(`document:${label}`);
export const investorId = (name: string) => ethers.id(`folio-artwork-test:${name}`);
/** ISO 4217 code as bytes3 and an ASCII lot number as bytes16. */
export const currency = (code: string) => ethers.hexlify(ethers.toUtf8Bytes(code));
export const lot = (text: string) => ethers.zeroPadBytes(ethers.toUtf8Bytes(text), 16);

export interface ArtworkPlatform {
  registry: IdentityRegistry;
  /** Open collection: anyone may own its certificates. */
  cert: ArtworkCertificate;
  /** Verified-owners collection: owners must be verified investors of `registry`. */
  gated: ArtworkCertificate;
  owner: HardhatEthersSigner;
  kycAgent: HardhatEthersSigner;
  /** Authorised issuers: an auction house and a gallery. */
  house: HardhatEthersSigner;
  gallery: HardhatEthersSigner;
  /** Verified investors alice, bob, carol; dave is liquidate-only; outsider is not registered. */
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  dave: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  artist: HardhatEthersSigner;
  specialist: HardhatEthersSigner;
  conservator: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  /** A certificate of the open collection issued by the house to alice, 5% royalty to the artist. */
  sunflowers: bigint;
  /** A certificate of the verified-owners collection issued by the house to alice. */
  irises: bigint;
  kycUntil: number;
}

/** Registry with investors, both collections with two issuers, and one certificate in each. */
export async function artworkFixture(): Promise<ArtworkPlatform> {
  const [owner, kycAgent, house, gallery, alice, bob, carol, dave, outsider, artist, specialist, conservator, relayer] =
    await ethers.getSigners();
  const registry = await (await ethers.getContractFactory("IdentityRegistry")).deploy(owner!.address);
  await registry.addAgent(kycAgent!.address);
  const kycUntil = (await time.latest()) + 365 * DAY;
  const reg = registry.connect(kycAgent!);
  for (const [name, who] of [["alice", alice], ["bob", bob], ["carol", carol], ["dave", dave]] as const) {
    await reg.registerInvestor(investorId(name), who!.address, 250, kycUntil, 0);
  }
  await reg.setInvestorStatus(investorId("dave"), INVESTOR_STATUS.LIQUIDATE_ONLY);

  const factory = await ethers.getContractFactory("ArtworkCertificate");
  const registryAddress = await registry.getAddress();
  const cert = await factory.deploy(owner!.address, "Folio Artwork Certificates", "FART", registryAddress, false);
  const gated = await factory.deploy(owner!.address, "Folio Verified Artwork", "FVART", registryAddress, true);
  for (const c of [cert, gated]) {
    await c.authorizeIssuer(house!.address);
    await c.authorizeIssuer(gallery!.address);
  }
  const sunflowers = tokenIdOf(metadataHash("Sunflowers"));
  await cert.connect(house!).mint(alice!.address, metadataHash("Sunflowers"), artist!.address, 500);
  const irises = tokenIdOf(metadataHash("Irises"));
  await gated.connect(house!).mint(alice!.address, metadataHash("Irises"), artist!.address, 500);
  return {
    registry, cert, gated,
    owner: owner!, kycAgent: kycAgent!, house: house!, gallery: gallery!,
    alice: alice!, bob: bob!, carol: carol!, dave: dave!, outsider: outsider!,
    artist: artist!, specialist: specialist!, conservator: conservator!, relayer: relayer!,
    sunflowers, irises, kycUntil,
  };
}

export interface AttestationInput {
  tokenId: bigint;
  role: number;
  statementHash: string;
  nonce: bigint;
  deadline: bigint;
}

/** An EIP-712 attestation signature; `domain` overrides parts of the certificate's own domain. */
export async function signAttestation(
  signer: HardhatEthersSigner,
  cert: ArtworkCertificate,
  message: AttestationInput,
  domain: Partial<{ name: string; version: string; chainId: bigint; verifyingContract: string }> = {},
): Promise<string> {
  const { chainId } = await ethers.provider.getNetwork();
  return signer.signTypedData(
    { name: EIP712_NAME, version: "1", chainId, verifyingContract: await cert.getAddress(), ...domain },
    ATTESTATION_TYPES,
    message,
  );
}

/** Everything a refusal must leave as it was: owners, statuses, hashes, freezes, balances, approvals. */
export async function certificateState(cert: ArtworkCertificate, tokenIds: bigint[], accounts: string[]) {
  const state: Record<string, unknown> = {};
  for (const id of tokenIds) {
    const status = await cert.statusOf(id);
    state[`status:${id}`] = status;
    if (status === 0n) continue;
    state[`owner:${id}`] = await cert.ownerOf(id);
    state[`certificate:${id}`] = (await cert.certificate(id)).toString();
    state[`approved:${id}`] = await cert.getApproved(id);
    for (const a of accounts) state[`frozen:${id}:${a}`] = await cert.getFrozenTokens(a, id);
  }
  for (const a of accounts) state[`balance:${a}`] = await cert.balanceOf(a);
  return state;
}

/**
 * The call (sent only after the state is read) reverts with exactly `error(args)` and leaves every watched
 * certificate, balance and freeze as it was.
 */
export async function expectRefused(
  cert: ArtworkCertificate,
  call: () => Promise<unknown>,
  error: string,
  args: readonly unknown[],
  watch: { tokenIds: bigint[]; accounts: string[] },
) {
  const before = await certificateState(cert, watch.tokenIds, watch.accounts);
  await expect(call()).to.be.revertedWithCustomError(cert, error).withArgs(...args);
  expect(await certificateState(cert, watch.tokenIds, watch.accounts)).to.deep.equal(before);
}
