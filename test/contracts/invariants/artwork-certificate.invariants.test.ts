import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ArtworkCertificate } from "../../../typechain-types";
import { ATTESTATION, ROLE, STATUS, metadataHash, signAttestation, tokenIdOf } from "../artwork/fixture";
import { SHARES, STATUS_OF_VAULT, defaultTerms, encodeTerms, vaultPlatformFixture } from "../artwork/vault/fixture";
import { STATUS as INVESTOR_STATUS, investorId } from "../token/fixture";
import { Step, attempt, checkInvariants, deployBatch, readAll, type View } from "./harness";

// Artwork certificates of a verified-owners collection under random sequences of issues, transfers, status changes (lost,
// stolen, destroyed, revoked, recovered), forced transfers, per-certificate freezes, attestations (direct and signed,
// revoked and cancelled), KYC suspensions, and locks into the fraction vault. The model predicts every outcome and
// follows owners, statuses, freezes, attestations and locks.

type Fixture = Awaited<ReturnType<typeof invariantFixture>>;

const PARTIES = ["alice", "bob", "carol", "dave", "gallery", "outsider"] as const;
type Party = (typeof PARTIES)[number];
const WORKS = ["Sunflowers", "Irises", "Olive Trees"] as const;
const ATTESTERS = ["artist", "specialist"] as const;
type Attester = (typeof ATTESTERS)[number];

async function invariantFixture() {
  const f = await vaultPlatformFixture();
  const [house, artist, specialist, relayer] = f.spare.slice(4) as [typeof f.alice, typeof f.alice, typeof f.alice, typeof f.alice];
  // A verified-owners collection on the platform's registry, accepted by the vault.
  const cert = (await (await ethers.getContractFactory("ArtworkCertificate")).deploy(
    f.owner.address, "Folio Verified Artwork", "FVART", await f.registry.getAddress(), true,
  )) as unknown as ArtworkCertificate;
  await cert.authorizeIssuer(house.address);
  await f.vault.setCertificateContract(await cert.getAddress(), true);
  await cert.setFractionVault(f.vaultAddress);
  const owners: Party[] = ["gallery", "alice", "gallery"];
  for (const [i, work] of WORKS.entries()) await cert.connect(house).mint(f[owners[i]!].address, metadataHash(work), artist.address, 500);
  return { ...f, cert, house, artist, specialist, relayer, owners, batch: await deployBatch() };
}

interface Certificate {
  id: bigint;
  owner: string;
  status: number;
  frozen: Set<string>;
  /** Vault id once locked (no buy-out runs here, so a locked certificate stays locked). */
  vault?: bigint;
}

interface Model {
  certs: Certificate[];
  attestations: Map<string, number>;
  suspended: Set<Party>;
  vaults: number;
}

function initialModel(f: Fixture): Model {
  return {
    certs: WORKS.map((w, i) => ({ id: tokenIdOf(metadataHash(w)), owner: f[f.owners[i]!].address, status: STATUS.ACTIVE, frozen: new Set() })),
    attestations: new Map(),
    suspended: new Set(),
    vaults: 0,
  };
}

const partyOf = (f: Fixture, address: string) => PARTIES.find((p) => f[p].address === address);
/** Whether `address` may receive a certificate of the verified-owners collection (registered, active, KYC valid). */
const verified = (m: Model, f: Fixture, address: string) => {
  if (address === f.vaultAddress) return true;
  const p = partyOf(f, address);
  return p !== undefined && p !== "outsider" && !m.suspended.has(p);
};
const CLOSED = [STATUS.DESTROYED, STATUS.REVOKED] as number[];

async function invariants(m: Model, f: Fixture) {
  const holders = [...PARTIES.map((p) => f[p].address), f.vaultAddress];
  const locked = m.certs.filter((c) => c.vault !== undefined);
  const views: View[] = [
    ...m.certs.map((c): View => [f.cert, "ownerOf", [c.id]]),
    ...m.certs.map((c): View => [f.cert, "statusOf", [c.id]]),
    ...m.certs.map((c): View => [f.cert, "certificate", [c.id]]),
    ...m.certs.flatMap((c) => holders.map((h): View => [f.cert, "getFrozenTokens", [h, c.id]])),
    ...holders.map((h): View => [f.cert, "balanceOf", [h]]),
    ...holders.map((h): View => [f.registry, "party", [h]]),
    ...[...m.attestations.keys()].map((id): View => [f.cert, "attestationState", [id]]),
    ...locked.map((c): View => [f.vault, "vaultOf", [c.vault]]),
    [f.vault, "vaultCount"],
  ];
  const r = await readAll(f.batch, views);
  const owners = r.splice(0, m.certs.length) as string[];
  const statuses = r.splice(0, m.certs.length) as bigint[];
  const records = r.splice(0, m.certs.length) as { frozenAccounts: bigint }[];
  const frozen = r.splice(0, m.certs.length * holders.length) as boolean[];
  const balances = r.splice(0, holders.length) as bigint[];
  const parties = r.splice(0, holders.length) as [string, bigint][];
  const attestations = r.splice(0, m.attestations.size) as bigint[];
  const vaults = r.splice(0, locked.length) as { status: bigint; token: string; certificateId: bigint }[];

  m.certs.forEach((c, i) => {
    // G9 and G5: a certificate moves only by an operation the model allowed, never while lost, stolen, destroyed
    // or revoked (the model moves it only while active, or by recovery).
    expect(owners[i], `G9/G5 owner of certificate ${i}`).to.equal(c.owner);
    expect(statuses[i], `G5 status of certificate ${i}`).to.equal(BigInt(c.status));
    // G8: the zero address never owns a certificate.
    expect(owners[i], `G8 owner of certificate ${i}`).to.not.equal(ethers.ZeroAddress);
    // G7: the cached freeze count equals the freezes themselves.
    expect(records[i]!.frozenAccounts, `G7 freeze count of certificate ${i}`).to.equal(BigInt(c.frozen.size));
    holders.forEach((h, k) => expect(frozen[i * holders.length + k], `G7 freeze of ${h} on certificate ${i}`).to.equal(c.frozen.has(h)));
  });
  // G2 (F4): balances sum to the number of certificates, and each equals the certificates held.
  expect(balances.reduce((a, b) => a + b, 0n), "G2 Σ balanceOf == certificates").to.equal(BigInt(m.certs.length));
  holders.forEach((h, k) => {
    expect(balances[k], `G2 balance of ${h}`).to.equal(BigInt(m.certs.filter((c) => c.owner === h).length));
    // G13: every owner of a verified-owners certificate is a registered investor (possibly suspended since).
    if (balances[k]! > 0n) expect(parties[k]![0], `G13 owner ${h} is a known investor`).to.not.equal(ethers.ZeroHash);
  });
  // G7: attestation states are the attesters' acts, and nobody else's.
  [...m.attestations.values()].forEach((state, i) => expect(attestations[i], "G7 attestation state").to.equal(BigInt(state)));
  // Vault lock: a locked certificate stays in its vault, whatever the issuer does, and its shares exist.
  expect(r[0], "vault count").to.equal(BigInt(m.vaults));
  for (const [i, c] of locked.entries()) {
    expect(vaults[i]!.status, "a vault stays locked (no buy-out runs here)").to.equal(STATUS_OF_VAULT.Locked);
    expect(vaults[i]!.certificateId).to.equal(c.id);
    expect(c.owner, "G9 a locked certificate stays in the vault").to.equal(f.vaultAddress);
    const shares = await ethers.getContractAt("SecurityToken", vaults[i]!.token);
    expect(await shares.totalSupply(), "G1 the vault's share supply is what it issued").to.equal(SHARES);
  }
}

// ---------------------------------------------------------------- commands

const step = (label: string, act: (m: Model, f: Fixture) => Promise<void>) => new Step<Model, Fixture>(label, act, invariants);
const party = fc.constantFrom(...PARTIES);
/** Index of a certificate, newly issued ones included (taken modulo the certificates that exist). */
const cert = fc.nat(WORKS.length + 1);
const certAt = (m: Model, i: number) => m.certs[i % m.certs.length]!;

/** Works the house may still issue; a second issue of the same metadata is refused. */
const NEW_WORKS = ["Wheatfield with Crows", "The Starry Night"] as const;

const mint = fc.record({ work: fc.nat(NEW_WORKS.length - 1), to: party }).map(({ work, to }) =>
  step(`mint(${NEW_WORKS[work]} → ${to})`, async (m, f) => {
    const hash = metadataHash(NEW_WORKS[work]!);
    const id = tokenIdOf(hash);
    const b = f[to].address;
    const ok = !m.certs.some((c) => c.id === id) && verified(m, f, b);
    const r = await attempt(() => f.cert.connect(f.house).mint(b, hash, f.artist.address, 500));
    expect(r.ok, `G6 issue of ${NEW_WORKS[work]} to ${to}`).to.equal(ok);
    if (r.ok) m.certs.push({ id, owner: b, status: STATUS.ACTIVE, frozen: new Set() });
  }),
);

const transfer = fc.record({ cert, to: party }).map(({ cert: i, to }) =>
  step(`transferFrom(certificate ${i} → ${to})`, async (m, f) => {
    const c = certAt(m, i);
    const from = partyOf(f, c.owner);
    if (!from) return; // held by the vault: only the vault's own release moves it
    const b = f[to].address;
    const ok = c.status === STATUS.ACTIVE && !c.frozen.has(c.owner) && from !== "outsider" && !m.suspended.has(from) && verified(m, f, b);
    const r = await attempt(() => f.cert.connect(f[from]).transferFrom(c.owner, b, c.id));
    expect(r.ok, `G5/G6 transfer of certificate ${i} (status ${c.status}) from ${from} to ${to}`).to.equal(ok);
    if (r.ok) c.owner = b;
  }),
);

const forced = fc.record({ cert, to: party }).map(({ cert: i, to }) =>
  step(`forcedTransfer(certificate ${i} → ${to})`, async (m, f) => {
    const c = certAt(m, i);
    const b = f[to].address;
    const ok = c.status === STATUS.ACTIVE && b !== c.owner && verified(m, f, b) && c.vault === undefined;
    const r = await attempt(() => f.cert.connect(f.house).forcedTransfer(c.owner, b, c.id));
    expect(r.ok, `G5/G6 forced transfer of certificate ${i} (status ${c.status}) to ${to}`).to.equal(ok);
    if (!r.ok) return;
    c.frozen.delete(c.owner);
    c.owner = b;
  }),
);

const setStatus = fc.record({ cert, status: fc.constantFrom(STATUS.ACTIVE, STATUS.LOST, STATUS.STOLEN, STATUS.DESTROYED, STATUS.REVOKED), reason: fc.nat(2) }).map(
  ({ cert: i, status, reason }) =>
    step(`setStatus(certificate ${i}, ${status}, reason ${reason})`, async (m, f) => {
      const c = certAt(m, i);
      const ok = !CLOSED.includes(c.status) && c.status !== status && (status !== STATUS.REVOKED || reason !== 0);
      const r = await attempt(() => f.cert.connect(f.house).setStatus(c.id, status, reason, ethers.id("report")));
      expect(r.ok, `G5 status ${c.status} → ${status}`).to.equal(ok);
      if (r.ok) c.status = status;
    }),
);

const recover = fc.record({ cert, to: party }).map(({ cert: i, to }) =>
  step(`recover(certificate ${i} → ${to})`, async (m, f) => {
    const c = certAt(m, i);
    const b = f[to].address;
    const ok = (c.status === STATUS.LOST || c.status === STATUS.STOLEN) && (b === c.owner || (verified(m, f, b) && c.vault === undefined));
    const r = await attempt(() => f.cert.connect(f.house).recover(c.id, b, ethers.id("police report")));
    expect(r.ok, `G5/G6 recovery of certificate ${i} (status ${c.status}) to ${to}`).to.equal(ok);
    if (!r.ok) return;
    c.status = STATUS.ACTIVE;
    if (b !== c.owner) {
      c.frozen.delete(c.owner);
      c.owner = b;
    }
  }),
);

const freeze = fc.record({ cert, who: party, frozen: fc.boolean() }).map(({ cert: i, who, frozen }) =>
  step(`setFrozenTokens(${who}, certificate ${i}, ${frozen})`, async (m, f) => {
    const c = certAt(m, i);
    await (await f.cert.connect(f.house).setFrozenTokens(f[who].address, c.id, frozen)).wait();
    if (frozen) c.frozen.add(f[who].address);
    else c.frozen.delete(f[who].address);
  }),
);

const attest = fc.record({ cert, attester: fc.constantFrom(...ATTESTERS), nonce: fc.nat(3), signed: fc.boolean() }).map(({ cert: i, attester, nonce, signed }) =>
  step(`${signed ? "attestWithSignature" : "attest"}(certificate ${i}, ${attester}, nonce ${nonce})`, async (m, f) => {
    const c = certAt(m, i);
    const who = f[attester];
    const id = await f.cert.attestationId(c.id, who.address, nonce);
    const role = attester === "artist" ? ROLE.ARTIST : ROLE.SPECIALIST;
    const statement = ethers.id(`statement ${nonce}`);
    const state = m.attestations.get(id) ?? ATTESTATION.NONE;
    let send: () => Promise<{ wait(): Promise<unknown> }>;
    if (signed) {
      const deadline = BigInt((await time.latest()) + 3600);
      const signature = await signAttestation(who, f.cert, { tokenId: c.id, role, statementHash: statement, nonce: BigInt(nonce), deadline });
      send = () => f.cert.connect(f.relayer).attestWithSignature(c.id, role, statement, nonce, deadline, who.address, signature);
    } else {
      send = () => f.cert.connect(who).attest(c.id, role, statement, nonce);
    }
    const r = await attempt(send);
    expect(r.ok, `G7 attestation ${id} in state ${state}`).to.equal(c.status !== STATUS.REVOKED && state === ATTESTATION.NONE);
    m.attestations.set(id, r.ok ? ATTESTATION.ACTIVE : state);
  }),
);

const revoke = fc.record({ cert, attester: fc.constantFrom(...ATTESTERS), nonce: fc.nat(3), by: fc.constantFrom<"self" | "owner" | "stranger">("self", "owner", "stranger"), reason: fc.nat(2) }).map(
  ({ cert: i, attester, nonce, by, reason }) =>
    step(`revokeAttestation(certificate ${i}, ${attester}, nonce ${nonce}, by ${by}, reason ${reason})`, async (m, f) => {
      const c = certAt(m, i);
      const who = f[attester] as Fixture["artist"];
      const id = await f.cert.attestationId(c.id, who.address, nonce);
      const state = m.attestations.get(id) ?? ATTESTATION.NONE;
      const sender = by === "self" ? who : by === "owner" ? f.owner : f.stranger;
      const r = await attempt(() => f.cert.connect(sender).revokeAttestation(c.id, who.address, nonce, reason, ethers.id("retraction")));
      // Only the attester cancels an unused nonce; the attester or the platform owner revokes, with a reason.
      const ok = state === ATTESTATION.NONE ? by === "self" : state === ATTESTATION.ACTIVE && by !== "stranger" && reason !== 0;
      expect(r.ok, `G7 revocation of attestation in state ${state} by ${by}`).to.equal(ok);
      if (r.ok) m.attestations.set(id, state === ATTESTATION.NONE ? ATTESTATION.CANCELLED : ATTESTATION.REVOKED);
      else if (!m.attestations.has(id)) m.attestations.set(id, state);
    }),
);

const lock = cert.map((i) =>
  step(`lock(certificate ${i} into the vault)`, async (m, f) => {
    const c = certAt(m, i);
    const terms = defaultTerms(f, { metadataHash: ethers.id(`canonical metadata ${i}`), symbol: `FR${i}` });
    // The vault issues the shares to alice, bob and carol in the same transaction: each must be able to receive.
    const ok = c.owner === f.gallery.address && c.status === STATUS.ACTIVE && !c.frozen.has(c.owner)
      && !(["gallery", "alice", "bob", "carol"] as const).some((p) => m.suspended.has(p));
    const r = await attempt(() =>
      f.cert.connect(f.gallery)["safeTransferFrom(address,address,uint256,bytes)"](f.gallery.address, f.vaultAddress, c.id, encodeTerms(terms)),
    );
    expect(r.ok, `lock of certificate ${i} held by ${partyOf(f, c.owner) ?? "the vault"} (status ${c.status})`).to.equal(ok);
    if (!r.ok) return;
    c.owner = f.vaultAddress;
    c.vault = BigInt(++m.vaults);
  }),
);

const kyc = fc.constantFrom<Party>("alice", "bob", "carol", "dave", "gallery").map((who) =>
  step(`toggleSuspended(${who})`, async (m, f) => {
    const suspend = !m.suspended.has(who);
    await (await f.registry.connect(f.kycAgent).setInvestorStatus(investorId(who), suspend ? INVESTOR_STATUS.SUSPENDED : INVESTOR_STATUS.ACTIVE)).wait();
    if (suspend) m.suspended.add(who);
    else m.suspended.delete(who);
  }),
);

describe("ArtworkCertificate invariants (stateful)", function () {
  this.timeout(0);

  it("hold G1, G2, G5, G6, G7, G8, G9 and G13 after every command of random certificate sequences (no move while lost, stolen, destroyed or revoked; locks hold)", async () => {
    await checkInvariants({
      name: "Artwork certificates and fraction vault",
      fixture: invariantFixture,
      model: initialModel,
      invariants,
      commands: [mint, transfer, transfer, forced, setStatus, setStatus, recover, freeze, attest, revoke, lock, kyc],
    });
  });
});
