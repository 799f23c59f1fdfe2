import { expect } from "chai";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseMintCsv } from "../../../scripts/tasks/mint-csv";
import { parseAmount, parsePermissions, permissionNames } from "../../../scripts/tasks/task-context";
import { documentName } from "../../../scripts/lib/security-token";
import { E18, platformFixture } from "./fixture";

/** Runs a task and returns what it printed with what it returned. */
async function runTask(name: string, args: Record<string, unknown>): Promise<{ result: unknown; output: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(" "));
  try {
    const result = await hre.run(name, args);
    return { result, output: lines.join("\n") };
  } finally {
    console.log = original;
  }
}

/** Expects the task to fail with `pattern` and to send no transaction at all. */
async function expectRefused(name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> {
  const block = await ethers.provider.getBlockNumber();
  await expect(runTask(name, args)).to.be.rejectedWith(pattern);
  expect(await ethers.provider.getBlockNumber(), "a transaction was sent").to.equal(block);
}

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "folio-task-")), name);
  fs.writeFileSync(file, content);
  return file;
}

/** The platform with a token TSK issued through token:issue by the owner, who is its owner and agent. */
async function issuedTokenFixture() {
  const p = await platformFixture();
  const factory = await p.factory.getAddress();
  const { result } = await runTask("token:issue", { name: "Task Share", symbol: "TSK", factory });
  const token = await ethers.getContractAt("SecurityToken", result as string);
  return { ...p, factory, token, tokenAddress: result as string };
}

describe("Issuer tasks", () => {
  describe("inputs", () => {
    it("reads permission names, including DISTRIBUTION, and refuses unknown ones", () => {
      expect(parsePermissions("MINT, burn")).to.equal(3);
      expect(parsePermissions("DISTRIBUTION")).to.equal(256);
      expect(parsePermissions("ALL")).to.equal(511);
      expect(permissionNames(5)).to.equal("MINT, FREEZE");
      expect(() => parsePermissions("MINT,FLY")).to.throw(/PERMISSIONS_INVALID: Unknown permission "FLY"/);
      expect(() => parsePermissions(" , ")).to.throw(/PERMISSIONS_INVALID/);
    });

    it("reads amounts in tokens and refuses zero, words and too many decimals", () => {
      expect(parseAmount("12.5", 18)).to.equal(125n * 10n ** 17n);
      expect(parseAmount("3", 0)).to.equal(3n);
      expect(() => parseAmount("0", 18)).to.throw(/AMOUNT_INVALID: --amount must be more than 0/);
      expect(() => parseAmount("1e3", 18)).to.throw(/AMOUNT_INVALID/);
      expect(() => parseAmount("1.5", 0)).to.throw(/more than 0 decimals/);
    });

    it("reports every bad row of a batch-mint file with its line number and returns nothing", () => {
      const good = `0x${"a".repeat(40)}`;
      const text = `wallet,amount\n${good},10\n0xnope,5\n${good},1\n0x${"b".repeat(40)},1.5.0\n0x${"c".repeat(40)},0\n`;
      expect(() => parseMintCsv(text, 18)).to.throw(
        /CSV_INVALID: Nothing was sent; fix these rows:\nline 3: wallet "0xnope" is not an address\nline 4: wallet 0x[a]{40} is already on line 2\nline 5: amount "1.5.0" is not a number of tokens\nline 6: amount must be more than 0$/,
      );
      expect(() => parseMintCsv("address,value\n0x1,1\n", 18)).to.throw(/CSV_INVALID: The header must name the columns wallet,amount/);
      expect(() => parseMintCsv("", 18)).to.throw(/CSV_INVALID: The file has no rows/);
    });
  });

  describe("finding tokens", () => {
    it("finds a token issued later by its symbol or address through the factory, without any deployment file change", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const { result: later } = await runTask("token:issue", { name: "Later Share", symbol: "LTR", factory: p.factory });
      await runTask("token:mint", { token: "LTR", to: p.alice.address, amount: "7", factory: p.factory });
      await runTask("token:mint", { token: (later as string).toLowerCase(), to: p.alice.address, amount: "1", factory: p.factory });
      expect(await (await ethers.getContractAt("SecurityToken", later as string)).balanceOf(p.alice.address)).to.equal(8n * E18);
    });

    it("refuses an unknown symbol, a token the factory did not issue, and a symbol two tokens share", async () => {
      const p = await loadFixture(issuedTokenFixture);
      await expectRefused("token:pause", { token: "NOPE", factory: p.factory }, /TOKEN_UNKNOWN: No token with symbol "NOPE".*\(issued: TSK\)/);
      const stranger = await (await ethers.getContractFactory("CashToken")).deploy(p.owner.address, "Cash", "CSH", 6);
      await expectRefused("token:pause", { token: await stranger.getAddress(), factory: p.factory }, /TOKEN_UNKNOWN: .* was not issued by Folio's TokenFactory/);
      await runTask("token:issue", { name: "Twin", symbol: "TSK", factory: p.factory });
      await expectRefused("token:pause", { token: "TSK", factory: p.factory }, /TOKEN_AMBIGUOUS: Symbol "TSK" names 2 tokens/);
    });
  });

  describe("mint and burn", () => {
    it("mints to a verified wallet and says which account signs", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const { output } = await runTask("token:mint", { token: "TSK", to: p.alice.address, amount: "1500.5", factory: p.factory });
      expect(output).to.include(`Signing as ${p.owner.address} (agent of TSK with MINT) on hardhat`);
      expect(output).to.match(/Minted 1500.5 TSK to 0x[0-9a-fA-F]{40} \(tx 0x[0-9a-f]{64}, block \d+, gas \d+\)/);
      expect(await p.token.balanceOf(p.alice.address)).to.equal(15005n * 10n ** 17n);
    });

    it("refuses to mint to an unverified wallet, or as a signer without MINT, and sends nothing", async () => {
      const p = await loadFixture(issuedTokenFixture);
      await expectRefused("token:mint", { token: "TSK", to: p.outsider.address, amount: "1", factory: p.factory }, /WALLET_NOT_VERIFIED/);
      await expectRefused("token:mint", { token: "TSK", to: p.alice.address, amount: "1", factory: p.factory, signer: p.tokenAgent.address },
        /NOT_PERMITTED: 0x[0-9a-fA-F]{40} is not an agent of TSK with the MINT permission \(it holds: none\)/);
      await expectRefused("token:mint", { token: "TSK", to: p.alice.address, amount: "-1", factory: p.factory }, /AMOUNT_INVALID/);
      await expectRefused("token:mint", { token: "TSK", to: p.alice.address, amount: "1", factory: p.factory, signer: "99" }, /SIGNER_UNKNOWN/);
    });

    it("batch-mints from a CSV file in batches with progress", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const file = tempFile("mint.csv", `wallet,amount\n${p.alice.address},100\n${p.bob.address},200.25\n${p.carol.address},3\n`);
      const { result, output } = await runTask("token:mint-batch", { token: "TSK", file, batch: 2, factory: p.factory });
      expect(result).to.equal(3);
      expect(output).to.include(`Signing as ${p.owner.address} (agent of TSK with MINT)`);
      expect(output).to.include("Minting 303.25 TSK to 3 wallets in 2 transactions");
      expect(output).to.match(/Minted rows 1-2 of 3 \(lines 2-3\) \(tx 0x/);
      expect(output).to.match(/Minted rows 3-3 of 3 \(lines 4-4\) \(tx 0x/);
      expect(await p.token.balanceOf(p.bob.address)).to.equal(20025n * 10n ** 16n);
      expect(await p.token.totalSupply()).to.equal(30325n * 10n ** 16n);
    });

    it("sends nothing while any CSV row is bad, naming each bad line, unverified wallets included", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const bad = tempFile("bad.csv", `wallet,amount\n${p.alice.address},100\n${p.bob.address},abc\n${p.alice.address},1\n`);
      await expectRefused("token:mint-batch", { token: "TSK", file: bad, factory: p.factory },
        /CSV_INVALID: Nothing was sent; fix these rows:\nline 3: amount "abc" is not a number of tokens\nline 4: wallet 0x[0-9a-fA-F]{40} is already on line 2/);
      const unverified = tempFile("unverified.csv", `wallet,amount\n${p.alice.address},100\n${p.outsider.address},5\n`);
      await expectRefused("token:mint-batch", { token: "TSK", file: unverified, factory: p.factory },
        new RegExp(`CSV_INVALID: Nothing was sent; fix these rows:\\nline 3: wallet ${p.outsider.address} is not verified in TSK's identity registry`));
      await expectRefused("token:mint-batch", { token: "TSK", file: "/no/such/file.csv", factory: p.factory }, /FILE_NOT_FOUND/);
      await expectRefused("token:mint-batch", { token: "TSK", file: bad, batch: 0, factory: p.factory }, /BATCH_INVALID/);
      expect(await p.token.totalSupply()).to.equal(0n);
    });

    it("burns from a wallet and refuses to burn more than it holds", async () => {
      const p = await loadFixture(issuedTokenFixture);
      await runTask("token:mint", { token: "TSK", to: p.alice.address, amount: "10", factory: p.factory });
      const { output } = await runTask("token:burn", { token: "TSK", wallet: p.alice.address, amount: "4", factory: p.factory });
      expect(output).to.include(`Signing as ${p.owner.address} (agent of TSK with BURN)`);
      expect(output).to.include(`Burned 4 TSK from ${p.alice.address}`);
      await expectRefused("token:burn", { token: "TSK", wallet: p.alice.address, amount: "7", factory: p.factory },
        /INSUFFICIENT_BALANCE: 0x[0-9a-fA-F]{40} holds 6 TSK, less than 7 TSK/);
      expect(await p.token.balanceOf(p.alice.address)).to.equal(6n * E18);
    });
  });

  describe("agents", () => {
    it("adds and removes agents and their permission bits, signed by the owner", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const agent = p.tokenAgent.address;
      const added = await runTask("token:add-agent", { token: "TSK", agent, permissions: "MINT,FREEZE", factory: p.factory });
      expect(added.output).to.include(`Signing as ${p.owner.address} (owner of TSK)`);
      expect(added.output).to.include(`${agent} is an agent of TSK with MINT, FREEZE`);
      expect(await p.token.agentPermissions(agent)).to.equal(5n);

      const minted = await runTask("token:mint", { token: "TSK", to: p.alice.address, amount: "1", factory: p.factory, signer: agent });
      expect(minted.output).to.include(`Signing as ${agent} (agent of TSK with MINT)`);

      await runTask("token:add-agent", { token: "TSK", agent, permissions: "pause", factory: p.factory });
      expect(await p.token.agentPermissions(agent)).to.equal(37n);
      const removed = await runTask("token:remove-agent", { token: "TSK", agent, permissions: "MINT", factory: p.factory });
      expect(removed.output).to.include(`${agent} now holds FREEZE, PAUSE on TSK`);
      await expectRefused("token:mint", { token: "TSK", to: p.alice.address, amount: "1", factory: p.factory, signer: agent },
        /NOT_PERMITTED: .* \(it holds: FREEZE, PAUSE\)/);

      const gone = await runTask("token:remove-agent", { token: "TSK", agent, factory: p.factory });
      expect(gone.output).to.include(`${agent} is no longer an agent of TSK`);
      expect(await p.token.isAgent(agent)).to.equal(false);
    });

    it("refuses unknown permission names, a signer who is not the owner, and removing a non-agent", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const agent = p.tokenAgent.address;
      await expectRefused("token:add-agent", { token: "TSK", agent, permissions: "MINT,FLY", factory: p.factory }, /PERMISSIONS_INVALID: Unknown permission "FLY"/);
      await expectRefused("token:add-agent", { token: "TSK", agent: "0x12", permissions: "MINT", factory: p.factory }, /ADDRESS_INVALID: --agent "0x12"/);
      await expectRefused("token:add-agent", { token: "TSK", agent, permissions: "MINT", factory: p.factory, signer: agent },
        new RegExp(`NOT_OWNER: ${agent} does not own TSK \\(its owner is ${p.owner.address}\\)`));
      await expectRefused("token:remove-agent", { token: "TSK", agent, factory: p.factory }, /NOT_AN_AGENT/);
      expect(await p.token.agentPermissions(agent)).to.equal(0n);
    });
  });

  describe("freezes and pause", () => {
    it("freezes and unfreezes a wallet or part of its tokens", async () => {
      const p = await loadFixture(issuedTokenFixture);
      await runTask("token:mint", { token: "TSK", to: p.alice.address, amount: "10", factory: p.factory });
      const frozen = await runTask("token:freeze", { token: "TSK", wallet: p.alice.address, factory: p.factory });
      expect(frozen.output).to.include(`Signing as ${p.owner.address} (agent of TSK with FREEZE)`);
      expect(await p.token.isFrozen(p.alice.address)).to.equal(true);
      await runTask("token:unfreeze", { token: "TSK", wallet: p.alice.address, factory: p.factory });
      expect(await p.token.isFrozen(p.alice.address)).to.equal(false);

      const part = await runTask("token:freeze", { token: "TSK", wallet: p.alice.address, amount: "4", factory: p.factory });
      expect(part.output).to.include(`Froze 4 TSK of ${p.alice.address}`);
      expect(await p.token.getFrozenTokens(p.alice.address)).to.equal(4n * E18);
      await expectRefused("token:freeze", { token: "TSK", wallet: p.alice.address, amount: "7", factory: p.factory }, /AMOUNT_TOO_LARGE/);
      await expectRefused("token:unfreeze", { token: "TSK", wallet: p.alice.address, amount: "5", factory: p.factory }, /AMOUNT_TOO_LARGE/);
      await runTask("token:unfreeze", { token: "TSK", wallet: p.alice.address, amount: "4", factory: p.factory });
      expect(await p.token.getFrozenTokens(p.alice.address)).to.equal(0n);
    });

    it("pauses and unpauses, and sends nothing when the token is already in that state", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const paused = await runTask("token:pause", { token: "TSK", factory: p.factory });
      expect(paused.output).to.include(`Signing as ${p.owner.address} (agent of TSK with PAUSE)`);
      expect(await p.token.paused()).to.equal(true);
      const block = await ethers.provider.getBlockNumber();
      expect((await runTask("token:pause", { token: "TSK", factory: p.factory })).output).to.include("TSK is already paused: nothing sent");
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
      await expectRefused("token:unpause", { token: "TSK", factory: p.factory, signer: p.tokenAgent.address }, /NOT_PERMITTED: .* PAUSE permission/);
      await runTask("token:unpause", { token: "TSK", factory: p.factory });
      expect(await p.token.paused()).to.equal(false);
    });
  });

  describe("documents", () => {
    it("sets a document with the SHA-256 of its file and removes it", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const content = Buffer.from("%PDF-1.7 prospectus of the Task Share\n");
      const file = tempFile("prospectus.pdf", content);
      const { output } = await runTask("token:set-document", { token: "TSK", name: "prospectus", uri: "ipfs://prospectus", file, factory: p.factory });
      const sha256 = `0x${createHash("sha256").update(content).digest("hex")}`;
      expect(output).to.include(`SHA-256 of ${file}: ${sha256}`);
      expect(output).to.include(`Signing as ${p.owner.address} (agent of TSK with DOCUMENTS)`);
      const [uri, hash] = await p.token.getDocument(documentName("prospectus"));
      expect([uri, hash]).to.deep.equal(["ipfs://prospectus", sha256]);

      await runTask("token:remove-document", { token: "TSK", name: "prospectus", factory: p.factory });
      expect(await p.token.getAllDocuments()).to.deep.equal([]);
    });

    it("refuses a missing file, a bad hash, a long name and an unknown document, and sends nothing", async () => {
      const p = await loadFixture(issuedTokenFixture);
      const args = { token: "TSK", name: "prospectus", uri: "ipfs://p", factory: p.factory };
      await expectRefused("token:set-document", { ...args, file: "/no/such.pdf" }, /FILE_NOT_FOUND/);
      await expectRefused("token:set-document", { ...args, hash: "0x1234" }, /DOCUMENT_INVALID: --hash "0x1234"/);
      await expectRefused("token:set-document", args, /DOCUMENT_INVALID: Pass either --file/);
      await expectRefused("token:set-document", { ...args, name: "x".repeat(33), hash: ethers.ZeroHash }, /DOCUMENT_INVALID: .*longer than 32 bytes/);
      await expectRefused("token:remove-document", { token: "TSK", name: "terms", factory: p.factory }, /DOCUMENT_UNKNOWN: TSK has no document "terms" \(it has: none\)/);
    });
  });
});
