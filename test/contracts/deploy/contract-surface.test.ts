import { expect } from "chai";
import { artifacts } from "hardhat";

/**
 * Checklist C2, C3, C4, C8 hold by construction: Folio's contracts are deployed once, configured in their
 * constructors, and never upgraded, so there is no implementation to take over, no initializer to run twice, no
 * storage layout to collide and no trusted forwarder. This suite reads every compiled Folio contract (mocks aside)
 * so that a proxy, an initializer or a forwarder added later fails here.
 */

const UPGRADE_SURFACE = /^(initialize|reinitialize|upgradeTo|upgradeToAndCall|proxiableUUID|implementation|isTrustedForwarder|trustedForwarder)$/;
const DELEGATECALL = 0xf4;
const SELFDESTRUCT = 0xff;

/** The opcodes of deployed bytecode, PUSH data and the trailing CBOR metadata skipped. */
function opcodes(bytecode: string): Set<number> {
  let code = Buffer.from(bytecode.replace(/^0x/, "").replace(/__\$[0-9a-f]{34}\$__/g, "0".repeat(40)), "hex");
  code = code.subarray(0, code.length - 2 - code.readUInt16BE(code.length - 2));
  const seen = new Set<number>();
  for (let i = 0; i < code.length; i++) {
    const op = code[i]!;
    seen.add(op);
    if (op >= 0x60 && op <= 0x7f) i += op - 0x5f;
  }
  return seen;
}

async function folioContracts() {
  const names = (await artifacts.getAllFullyQualifiedNames()).filter((n) => n.startsWith("contracts/") && !n.startsWith("contracts/mocks/"));
  const all = await Promise.all(names.map((name) => artifacts.readArtifact(name)));
  return all.filter((a) => a.deployedBytecode !== "0x");
}

describe("Folio contract surface (checklist C2, C3, C4, C8)", () => {
  it("C2, C3, C4: no contract has an initializer or an upgrade function; all are configured in their constructors", async () => {
    const contracts = await folioContracts();
    expect(contracts.length).to.be.greaterThan(10);
    for (const artifact of contracts) {
      const surface = artifact.abi.filter((f: { type: string; name?: string }) => f.type === "function" && UPGRADE_SURFACE.test(f.name ?? "")).map((f: { name: string }) => f.name);
      expect(surface, artifact.contractName).to.deep.equal([]);
    }
  });

  it("C2, C4: no contract delegates its storage to a swappable implementation or can self-destruct; DELEGATECALL only into the linked SecurityTokenOps", async () => {
    for (const artifact of await folioContracts()) {
      const ops = opcodes(artifact.deployedBytecode);
      expect(ops.has(SELFDESTRUCT), `${artifact.contractName} SELFDESTRUCT`).to.equal(false);
      const linked = Object.values(artifact.deployedLinkReferences ?? {}).flatMap((libs) => Object.keys(libs));
      if (ops.has(DELEGATECALL)) expect(linked, `${artifact.contractName} delegates only to linked libraries`).to.deep.equal(["SecurityTokenOps"]);
    }
  });

  it("C8: no contract trusts a forwarder (ERC-2771), so the sender a rule checks is always the caller", async () => {
    for (const artifact of await folioContracts()) {
      const names = artifact.abi.filter((f: { type: string }) => f.type === "function").map((f: { name: string }) => f.name);
      expect(names.filter((n: string) => /forwarder/i.test(n)), artifact.contractName).to.deep.equal([]);
    }
  });
});
