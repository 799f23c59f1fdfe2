import type { Config } from "../../server/src/config/config.ts";
import type { SignInTarget } from "../../test/support/sign-in.ts";
import type { Recorder } from "./recorder.ts";

export interface GraphQLAnswer<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * GraphQL over HTTP on loopback (fetch keeps connections alive), each request timed under an operation name. An
 * answer counts as an error unless it is HTTP 200 with data and no `errors`.
 */
export function createSoakClient(url: string, recorder: Recorder) {
  async function request<T = any>(op: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLAnswer<T>> {
    const started = performance.now();
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
      const answer = (await response.json()) as GraphQLAnswer<T>;
      const ms = performance.now() - started;
      if (response.status !== 200 || answer.errors || !answer.data) recorder.error(op, ms, `${response.status} ${JSON.stringify(answer.errors ?? answer)}`);
      else recorder.ok(op, ms);
      return answer;
    } catch (error) {
      recorder.error(op, performance.now() - started, String(error));
      return { errors: [{ message: String(error) }] };
    }
  }

  /** What test/support/sign-in.ts needs to sign a wallet in over this client: SIWE nonce and signIn, each timed. */
  function signInTarget(config: Config, publicUrl: string): SignInTarget {
    return {
      config: { ...config, publicUrl },
      gql: (query, variables, headers) => request(query.includes("siweNonce") ? "siweNonce" : "signIn", query, variables, headers),
    };
  }

  return { request, signInTarget };
}

export type SoakClient = ReturnType<typeof createSoakClient>;
