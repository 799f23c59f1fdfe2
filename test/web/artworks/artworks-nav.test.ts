import { describe, expect, it } from "vitest";
import { navItemsFor } from "../../../web/src/app/nav-items.ts";
import { mayUse, type SignedInUser } from "../../../web/src/auth/roles.ts";

const ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const COLLECTION = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788";
const user = (...roles: SignedInUser["roles"]): SignedInUser => ({ address: ADDRESS, roles });

describe("the Artworks area", () => {
  it("is for authorised certificate issuers only, whatever other roles the wallet holds", () => {
    const issuer = user({ role: "ARTWORK_ISSUER", token: COLLECTION });
    expect(mayUse(issuer, "artworks")).toBe(true);
    expect(navItemsFor(issuer).map((i) => i.label)).toEqual(["Tokens", "Investor", "Market", "Artworks"]);
    for (const role of ["PLATFORM_ADMIN", "TOKEN_OWNER", "COMPLIANCE_OFFICER"] as const) {
      expect(mayUse(user({ role, token: null }), "artworks")).toBe(false);
    }
    expect(mayUse(null, "artworks")).toBe(false);
  });
});
