import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/src/config/config.ts";
import { ConfigError } from "../../../server/src/errors.ts";
import { readSessionToken } from "../../../server/src/auth/session-cookie.ts";

const settingOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).setting;
  }
  return null;
};

describe("authentication and API settings", () => {
  it("derives the sign-in origin from HOST and PORT, or takes FOLIO_PUBLIC_URL", () => {
    expect(loadConfig({}).publicUrl).toBe("http://127.0.0.1:4000");
    expect(loadConfig({ HOST: "localhost", PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadConfig({ FOLIO_PUBLIC_URL: "https://folio.example.org/app/" }).publicUrl).toBe("https://folio.example.org");
  });

  it("requires FOLIO_PUBLIC_URL in production", () => {
    expect(settingOf({ NODE_ENV: "production" })).toBe("FOLIO_PUBLIC_URL");
    expect(settingOf({ NODE_ENV: "production", FOLIO_PUBLIC_URL: "https://folio.example.org" })).not.toBe("FOLIO_PUBLIC_URL");
  });

  it("checksums configured admins and ignores blanks", () => {
    const config = loadConfig({ FOLIO_ADMIN_ADDRESSES: " 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266, ,0x70997970c51812dc3a010c7d01b50e0d17dc79c8" });
    expect(config.adminAddresses).toEqual(["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]);
    expect(Object.isFrozen(config.adminAddresses)).toBe(true);
  });

  it.each([
    ["FOLIO_ADMIN_ADDRESSES", "0x1234,0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"],
    ["FOLIO_PUBLIC_URL", "folio.example.org"],
    ["FOLIO_SESSION_TTL_SECONDS", "5"],
    ["FOLIO_SESSION_TTL_SECONDS", "forever"],
    ["FOLIO_RATE_LIMIT_PER_IP", "-1"],
    ["FOLIO_RATE_LIMIT_PER_ADDRESS", "lots"],
    ["FOLIO_MAX_BODY_BYTES", "10"],
    ["FOLIO_TRUST_PROXY", "99"],
    ["FOLIO_RATE_LIMIT_SIGN_IN_FAILURES", "-1"],
  ])("rejects %s=%j naming the setting", (setting, value) => {
    expect(settingOf({ [setting]: value })).toBe(setting);
  });

  it("reads the session token from a bearer header first, then from the session cookie; a malformed header is an invalid token", () => {
    expect(readSessionToken(new Headers({ authorization: "Bearer abc" }))).toEqual({ token: "abc", from: "bearer" });
    expect(readSessionToken(new Headers({ authorization: "Bearer abc", cookie: "folio_session=def" }))).toEqual({ token: "abc", from: "bearer" });
    expect(readSessionToken(new Headers({ cookie: "a=1; folio_session=def; b=2" }))).toEqual({ token: "def", from: "cookie" });
    expect(readSessionToken(new Headers({ authorization: "Basic abc" }))).toEqual({ token: "", from: "bearer" });
    expect(readSessionToken(new Headers({ cookie: "folio_session=" }))).toBeNull();
    expect(readSessionToken(new Headers({}))).toBeNull();
  });
});
