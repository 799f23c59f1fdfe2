import { describe, expect, it } from "vitest";
import { webConfigFor } from "../../server/src/http/web-config.ts";

const RPC = "http://127.0.0.1:8545";

describe("the web console's configuration (/config.json)", () => {
  it("offers the dev wallet and the RPC URL on the local chain outside production", () => {
    expect(webConfigFor({ env: "development", rpcUrl: RPC }, 31337)).toEqual({ chainId: 31337, rpcUrl: RPC, devWallet: true });
  });

  it("never offers the dev wallet or the server's RPC URL in production, even on chain 31337", () => {
    expect(webConfigFor({ env: "production", rpcUrl: RPC }, 31337)).toEqual({ chainId: 31337, rpcUrl: null, devWallet: false });
  });

  it("keeps the server's RPC URL (which may carry a provider key) to itself on any other chain", () => {
    expect(webConfigFor({ env: "development", rpcUrl: "https://rpc.example.org/v2/secret" }, 1)).toEqual({ chainId: 1, rpcUrl: null, devWallet: false });
  });
});
