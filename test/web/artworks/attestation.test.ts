import { hashTypedData, verifyTypedData, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { attestationTypedData, decodeSignedAttestation, encodeSignedAttestation, paramsToRequest, requestToParams, type AttestationRequest } from "../../../web/src/artworks/lib/attestation.ts";
import { detailsHash } from "../../../web/src/artworks/lib/provenance.ts";

const attester = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const request = async (): Promise<AttestationRequest> => ({
  chainId: 31337, collection: "0x5FbDB2315678afecb367f032d93F642f64180aa3", tokenId: 0xfeedn, role: 1,
  statement: "I confirm this work is by my hand.", statementHash: await detailsHash("I confirm this work is by my hand."),
  nonce: 77n, deadline: 2_000_000_000n, attester: attester.address,
});

describe("attestation requests and signed replies", () => {
  it("travels through the link and comes back with the statement hashed again", async () => {
    const r = await request();
    const parsed = await paramsToRequest(new URLSearchParams(requestToParams(r, "8b0c7a52-1111-4b5e-9e0f-2f7ad1c0e001").toString()), detailsHash);
    expect(parsed).toEqual({ ok: true, artworkId: "8b0c7a52-1111-4b5e-9e0f-2f7ad1c0e001", request: r });
  });

  it("refuses a link that was cut or altered", async () => {
    const params = requestToParams(await request(), "x");
    params.set("token", "0x1234");
    expect(await paramsToRequest(params, detailsHash)).toEqual({ ok: false, error: "The link names no certificate id" });
    params.delete("token");
    const other = requestToParams(await request(), "x");
    other.set("role", "9");
    expect(await paramsToRequest(other, detailsHash)).toEqual({ ok: false, error: "The link names no attester role" });
  });

  it("signs the contract's EIP-712 typed data, which binds chain, collection and certificate", async () => {
    const r = await request();
    const signature = await attester.signTypedData(attestationTypedData(r));
    expect(await verifyTypedData({ address: attester.address, ...attestationTypedData(r), signature })).toBe(true);
    for (const changed of [{ chainId: 1 }, { collection: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const }, { tokenId: 0xfeeen }]) {
      expect(await verifyTypedData({ address: attester.address, ...attestationTypedData({ ...r, ...changed }), signature })).toBe(false);
    }
    expect(hashTypedData(attestationTypedData(r)).length).toBe(66);
  });

  it("encodes the reply for the issuer and decodes only a whole one", async () => {
    const r = await request();
    const signature = (await attester.signTypedData(attestationTypedData(r))) as Hex;
    const reply = encodeSignedAttestation({ ...r, attester: attester.address, signature });
    expect(decodeSignedAttestation(`  ${reply}\n`)).toEqual({ tokenId: r.tokenId, role: 1, statementHash: r.statementHash, nonce: 77n, deadline: r.deadline, attester: attester.address, signature });
    expect(decodeSignedAttestation(reply.slice(0, -10))).toBeNull();
    expect(decodeSignedAttestation("hello")).toBeNull();
  });
});
