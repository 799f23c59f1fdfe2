/** An error the API returned, with its stable code when it has one. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = "ApiError";
  }
}

/** Posts one GraphQL operation to the Folio server and returns its data, or throws the first error. */
export async function graphqlRequest<T>(query: string, variables?: Record<string, unknown>, fetchImpl: typeof fetch = fetch): Promise<T> {
  const response = await fetchImpl("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new ApiError(body.errors[0]!.message, body.errors[0]!.extensions?.code);
  if (!response.ok || !body.data) throw new ApiError(`Request failed with HTTP ${response.status}`);
  return body.data;
}
