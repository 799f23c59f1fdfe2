import { describe, expect, it } from "vitest";
import { STATUS, statusChangeProblem } from "../../../web/src/artworks/lib/certificate-status.ts";
import { bpsPercent, parseRoyaltyBps, tokenIdHex, verificationUrl } from "../../../web/src/artworks/lib/certificate-ids.ts";

describe("status changes the certificate contract allows", () => {
  it("lets an active certificate become lost, stolen, destroyed or revoked (with a reason)", () => {
    for (const action of ["lost", "stolen", "destroyed"] as const) expect(statusChangeProblem(STATUS.ACTIVE, action, 0)).toBeNull();
    expect(statusChangeProblem(STATUS.ACTIVE, "revoked", 2)).toBeNull();
    expect(statusChangeProblem(STATUS.ACTIVE, "revoked", 0)).toBe("A revocation needs a reason code: choose why the certificate is void");
  });

  it("recovers only lost or stolen certificates", () => {
    expect(statusChangeProblem(STATUS.ACTIVE, "recovered", 0)).toBe("Only a lost or stolen certificate can be recovered; this one is active");
    expect(statusChangeProblem(STATUS.LOST, "recovered", 0)).toBeNull();
    expect(statusChangeProblem(STATUS.STOLEN, "recovered", 0)).toBeNull();
    expect(statusChangeProblem(STATUS.LOST, "stolen", 0)).toBeNull();
  });

  it("refuses a status set to itself and any change of a destroyed or revoked certificate", () => {
    expect(statusChangeProblem(STATUS.LOST, "lost", 0)).toBe("The certificate is already lost");
    for (const closed of [STATUS.DESTROYED, STATUS.REVOKED]) {
      for (const action of ["lost", "stolen", "recovered", "destroyed", "revoked"] as const) {
        expect(statusChangeProblem(closed, action, 1)).toMatch(/which is final: its status never changes again$/);
      }
    }
  });
});

describe("certificate ids, the verification URL and royalties", () => {
  const id = 0xabcn;
  it("writes the token id as 0x and 64 hex digits in the verification URL", () => {
    expect(tokenIdHex(id)).toBe(`0x${"0".repeat(61)}abc`);
    expect(verificationUrl("https://folio.example", "0x5FbDB2315678afecb367f032d93F642f64180aa3", id))
      .toBe(`https://folio.example/verify/0x5FbDB2315678afecb367f032d93F642f64180aa3/0x${"0".repeat(61)}abc`);
  });

  it("reads royalties as whole basis points up to 10 %", () => {
    expect(parseRoyaltyBps("")).toEqual({ ok: true, bps: 0 });
    expect(parseRoyaltyBps("500")).toEqual({ ok: true, bps: 500 });
    expect(parseRoyaltyBps("1000")).toEqual({ ok: true, bps: 1000 });
    expect(parseRoyaltyBps("1001")).toEqual({ ok: false, error: "At most 1,000 bps (10 %): 10.01 % is above the cap" });
    expect(parseRoyaltyBps("2.5")).toEqual({ ok: false, error: "Enter whole basis points (100 bps = 1 %)" });
    expect(bpsPercent(250)).toBe("2.5 %");
  });
});
