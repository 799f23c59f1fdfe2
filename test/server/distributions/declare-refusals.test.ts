import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { devAccount } from "../../support/sign-in.ts";
import { COUNTRY, DECLARE, E18, investorIdOf, startDistributionPlatform, type DistributionPlatform } from "./distribution-fixture.ts";

describeEachDatabase("declareDistribution refuses every bad input with a clear error and changes nothing", (kind) => {
  let f: DistributionPlatform;
  let recordBlock: number;
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    f = await startDistributionPlatform(kind);
    await f.register(investorIdOf("holder"), 1, COUNTRY.FR, 0);
    await f.register(investorIdOf("other"), 2, COUNTRY.FR, 0);
    await f.transfer(0, 1, 10n * E18);
    await f.transfer(0, 2, 30n * E18);
    await f.sync();
    recordBlock = await f.head();
    valid = {
      token: f.token, recordBlock, cashToken: f.cash, amount: "1000000",
      deadline: ((await f.chainTime()) + 30n * 86400n).toString(),
      withholding: { defaultBps: 0, rules: [{ country: "FR", bps: 1250 }] },
      excludedWallets: [],
    };
  }, 120_000);
  afterAll(() => f?.close());

  const state = async () => ({
    distributions: await f.count("distributions"),
    entitlements: await f.count("distribution_entitlements"),
    audit: await f.count("audit_log where action like 'distribution.%'"),
    issuerCash: await f.cashOf(f.wallet(0)),
  });

  it("refuses each bad declaration with its own code", async () => {
    await Promise.all([f.as(0), f.as(1)]);
    const before = await state();
    const outsider = devAccount(30).address;
    const cases: [string, number, Record<string, unknown>, string][] = [
      ["a record block in the future", 0, { recordBlock: recordBlock + 100 }, "DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED"],
      ["a record time in the future", 0, { recordBlock: null, recordTime: ((await f.chainTime()) + 3600n).toString() }, "DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED"],
      ["both a record block and a record time", 0, { recordTime: "1" }, "BAD_USER_INPUT"],
      ["neither a record block nor a record time", 0, { recordBlock: null }, "BAD_USER_INPUT"],
      ["an unknown token", 0, { token: outsider }, "NOT_FOUND"],
      ["a cash token that is not a contract", 0, { cashToken: outsider }, "DISTRIBUTION_INVALID_CASH_TOKEN"],
      ["the security token as cash token", 0, { cashToken: f.token }, "DISTRIBUTION_INVALID_CASH_TOKEN"],
      ["a zero amount", 0, { amount: "0" }, "DISTRIBUTION_INVALID_AMOUNT"],
      ["a negative amount", 0, { amount: "-5" }, "BAD_USER_INPUT"],
      ["an amount above 128 bits", 0, { amount: (2n ** 128n).toString() }, "DISTRIBUTION_INVALID_AMOUNT"],
      ["a deadline in the past", 0, { deadline: "1" }, "DISTRIBUTION_INVALID_DEADLINE"],
      ["a withholding rate above 10000 bps", 0, { withholding: { defaultBps: 0, rules: [{ country: "FR", bps: 10_001 }] } }, "DISTRIBUTION_INVALID_WITHHOLDING"],
      ["a negative default withholding rate", 0, { withholding: { defaultBps: -1 } }, "DISTRIBUTION_INVALID_WITHHOLDING"],
      ["an unknown withholding country", 0, { withholding: { rules: [{ country: "XX", bps: 100 }] } }, "DISTRIBUTION_INVALID_WITHHOLDING"],
      ["a malformed excluded wallet", 0, { excludedWallets: ["0x1234"] }, "BAD_USER_INPUT"],
      ["every holder excluded", 0, { excludedWallets: [f.wallet(1), f.wallet(2)] }, "DISTRIBUTION_EMPTY_SUPPLY"],
      ["an investor declaring", 1, {}, "FORBIDDEN"],
      ["an anonymous caller", -1, {}, "UNAUTHENTICATED"],
    ];
    const failures: string[] = [];
    for (const [name, actor, change, code] of cases) {
      const result = await f.gql(actor < 0 ? null : actor, DECLARE, { input: { ...valid, ...change } });
      const got = result.errors?.[0]?.extensions?.code;
      if (got !== code) failures.push(`${name}: expected ${code}, got ${got ?? "success"} (${result.errors?.[0]?.message})`);
      else expect(result.errors![0].message.length).toBeGreaterThan(10);
    }
    expect(failures).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it("refuses a record block mined but not indexed yet, and accepts it once indexed", async () => {
    await f.transfer(1, 2, E18);
    const unindexed = await f.head();
    const before = await state();
    const refused = await f.gql(0, DECLARE, { input: { ...valid, recordBlock: unindexed } });
    expect(refused.errors![0].extensions.code).toBe("DISTRIBUTION_RECORD_BLOCK_NOT_INDEXED");
    expect(await state()).toEqual(before);
    await f.sync();
    const accepted = await f.gql(0, DECLARE, { input: { ...valid, recordBlock: unindexed } });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.declareDistribution.distribution.investorCount).toBe(2);
    expect(await f.count("distributions")).toBe(before.distributions + 1);
  });

  it("answers NOT_FOUND for an unknown round and refuses pushes from callers who are no issuer", async () => {
    const PUSH = `mutation($id: ID!) { pushDistribution(id: $id) { requested } }`;
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await f.gql(null, `query($id: ID!) { distribution(id: $id) { id } }`, { id })).errors![0].extensions.code).toBe("NOT_FOUND");
    expect((await f.gql(0, PUSH, { id })).errors![0].extensions.code).toBe("NOT_FOUND");
    expect((await f.gql(1, PUSH, { id })).errors![0].extensions.code).toBe("FORBIDDEN");
  });
});
