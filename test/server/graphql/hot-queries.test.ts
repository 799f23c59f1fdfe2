import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../../support/databases.ts";
import { startTestPlatform, type TestPlatform } from "../../support/platform.ts";
import { ACTORS, adminEnv, prepareRoleActors } from "../../support/roles.ts";
import { devAccount, signIn } from "../../support/sign-in.ts";

// Queries a client repeats run through the compiled executor (graphql/jit.ts) from their third sending on. Whatever
// the executor, the answer must be the same, errors and their codes included: send each query several times and
// compare every answer with the first.
describeEachDatabase("a query answers the same however often it is sent", (kind) => {
  let platform: TestPlatform;
  let investor: Record<string, string>;
  let token: string;
  beforeAll(async () => {
    platform = await startTestPlatform(kind, adminEnv(), prepareRoleActors);
    investor = (await signIn(platform, ACTORS.investor)).headers;
    token = (await platform.gql<{ tokens: { address: string }[] }>(`{ tokens { address } }`)).data!.tokens[0]!.address;
  });
  afterAll(() => platform?.close());

  const cases: [string, () => [string, Record<string, unknown>, Record<string, string>?]][] = [
    ["a public cap table page", () => [`query($t: Address!) { holders(token: $t, first: 5) { edges { node { investorId balance wallets { address balance } } } pageInfo { hasNextPage endCursor } } }`, { t: token }]],
    ["another investor's record (FORBIDDEN)", () => [`query($w: Address!) { investor(wallet: $w) { investorId country } }`, { w: devAccount(ACTORS.otherInvestor).address }, investor]],
    ["a signed-out caller's record (UNAUTHENTICATED or FORBIDDEN)", () => [`query($w: Address!) { investor(wallet: $w) { investorId } }`, { w: devAccount(ACTORS.investor).address }]],
    ["an unknown token (NOT_FOUND)", () => [`query($t: Address!) { token(address: $t) { name } }`, { t: "0x000000000000000000000000000000000000dEaD" }]],
    ["a malformed address variable", () => [`query($t: Address!) { token(address: $t) { name } }`, { t: "0x1234" }]],
    ["a page size out of range", () => [`query($t: Address!) { holders(token: $t, first: 1000) { edges { node { investorId } } } }`, { t: token }]],
    ["the auditors' log for an investor (FORBIDDEN)", () => [`{ auditLog(first: 2) { edges { node { action } } } }`, {}, investor]],
  ];

  it.each(cases)("%s", async (_name, build) => {
    const [query, variables, headers] = build();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await platform.gql(query, variables, headers ?? {}));
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    if (answers[0].errors) expect(answers[0].errors[0].extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
  });
});
