import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { startRun } from "./harness";

// A block mined at the end of the fixture, so the test knows the snapshot's chain time.
async function clockFixture() {
  await ethers.provider.send("evm_mine", []);
  return { deployedAt: await time.latest() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Invariant harness", () => {
  it("starts every run at the fixture's chain time, however long the earlier runs lasted", async () => {
    const { deployedAt } = await startRun(clockFixture);
    for (let run = 0; run < 3; run++) {
      // A run that lasts a while and moves time on, as the suites' `time(+n days)` commands do.
      await pause(1200);
      await time.increase(40 * 24 * 3600);
      await startRun(clockFixture);
      // The first transaction of the next run lands right after the fixture's time (without the re-anchoring, ~2 s
      // later per second of wall time since the first snapshot: 7 s and more by the third run).
      await ethers.provider.send("evm_mine", []);
      expect((await time.latest()) - deployedAt).to.be.within(1, 3);
    }
  });
});
