import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { batches, parseInvestorCsv } from "../../../scripts/lib/investor-csv";
import { investorId as opaqueId } from "../../../scripts/lib/security-token";
import { platformFixture } from "./fixture";

const NOW = 1_700_000_000;

describe("Operator tasks", () => {
  describe("investor CSV", () => {
    it("parses ids, references, dates and flags", () => {
      const rows = parseInvestorCsv(
        "investor,wallet,country,kyc_valid_until,flags\n" +
          `ref-001,0x${"a".repeat(40)},250,2030-01-01,accredited|qualified\n` +
          `0x${"1".repeat(64)},0x${"b".repeat(40)},840,1900000000,us_person\n`,
        NOW,
      );
      expect(rows).to.have.length(2);
      expect(rows[0]!.investorId).to.equal(opaqueId("ref-001"));
      expect(rows[0]!.flags).to.equal(3);
      expect(rows[0]!.kycValidUntil).to.equal(BigInt(Date.parse("2030-01-01") / 1000));
      expect(rows[1]!.investorId).to.equal(`0x${"1".repeat(64)}`);
      expect(rows[1]!.flags).to.equal(4);
    });

    it("reports every bad row with its line number and returns nothing", () => {
      const text =
        "investor,wallet,country,kyc_valid_until,flags\n" +
        `ok,0x${"a".repeat(40)},250,2030-01-01,\n` +
        `,0xnot,1000,2000-01-01,vip\n` +
        `dup,0x${"a".repeat(40)},250,2030-01-01,\n`;
      expect(() => parseInvestorCsv(text, NOW)).to.throw(/line 3: investor is empty; wallet "0xnot" is not an address; country "1000".*kyc_valid_until "2000-01-01".*unknown flag "vip"\nline 4: wallet .* appears twice/s);
    });

    it("splits into batches and refuses a bad batch size", () => {
      expect(batches([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
      expect(() => batches([1], 0)).to.throw(/positive integer/);
    });
  });

  describe("hardhat tasks", () => {
    it("issues a token with token:issue (countries as alpha-2 or numeric) and registers investors from a CSV in batches", async () => {
      const p = await loadFixture(platformFixture);
      const token = (await hre.run("token:issue", {
        name: "Task Share",
        symbol: "TSK",
        countryMode: "allow",
        countries: "FR,276",
        maxInvestors: 10,
        maxBalance: "1000",
        documents: `prospectus|ipfs://p|${ethers.id("p")}`,
        factory: await p.factory.getAddress(),
      })) as string;
      const t = await ethers.getContractAt("SecurityToken", token);
      expect(await t.symbol()).to.equal("TSK");
      expect((await t.rules()).countries).to.deep.equal([250n, 276n]);
      expect(await t.isAgent(p.owner.address)).to.equal(true);

      await p.registry.addAgent(p.owner.address);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "folio-csv-"));
      const file = path.join(dir, "investors.csv");
      const wallets = Array.from({ length: 5 }, () => ethers.Wallet.createRandom().address);
      fs.writeFileSync(file, "investor,wallet,country,kyc_valid_until,flags\n" + wallets.map((w, i) => `task-${i},${w},250,2099-01-01,accredited`).join("\n"));
      const count = await hre.run("investors:register", { file, batch: 2, registry: await p.registry.getAddress() });
      expect(count).to.equal(5);
      for (const w of wallets) expect(await p.registry.isVerified(w)).to.equal(true);
    });

    it("refuses bad task arguments with a clear message", async () => {
      const p = await loadFixture(platformFixture);
      const factory = await p.factory.getAddress();
      await expect(hre.run("token:issue", { name: "X", symbol: "X", countryMode: "maybe", factory })).to.be.rejectedWith(/country-mode/);
      await expect(hre.run("token:issue", { name: "X", symbol: "X", countries: "abc", factory })).to.be.rejectedWith(/ISO 3166-1/);
      await expect(hre.run("token:issue", { name: "X", symbol: "X", documents: "bad", factory })).to.be.rejectedWith(/name\|uri/);
      await expect(hre.run("token:issue", { name: "X", symbol: "X", maxBalance: "1.5", factory })).to.be.rejectedWith(/whole number/);
      await expect(hre.run("token:issue", { name: "X", symbol: "X", factory: "0x1" })).to.be.rejectedWith(/not an address/);
      expect(await p.factory.tokens()).to.deep.equal([]);
    });
  });
});
