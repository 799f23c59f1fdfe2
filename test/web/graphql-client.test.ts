import { describe, expect, it } from "vitest";
import { ApiError, graphqlRequest } from "../../web/src/api/graphql.ts";

const respond = (status: number, body: unknown): typeof fetch =>
  (async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })) as typeof fetch;

describe("graphqlRequest", () => {
  it("returns data", async () => {
    expect(await graphqlRequest("{ x }", undefined, respond(200, { data: { x: 1 } }))).toEqual({ x: 1 });
  });

  it("throws the first error with its code", async () => {
    const error = await graphqlRequest("{ x }", undefined, respond(200, { errors: [{ message: "nope", extensions: { code: "FORBIDDEN" } }] })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: "nope", code: "FORBIDDEN" });
  });

  it("throws on an HTTP failure without a body", async () => {
    await expect(graphqlRequest("{ x }", undefined, respond(500, {}))).rejects.toThrow("HTTP 500");
  });
});
