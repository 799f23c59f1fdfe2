/** The cookie that carries a session token for browsers; API clients send `Authorization: Bearer <token>`. */
export const SESSION_COOKIE = "folio_session";

/** HttpOnly (scripts cannot read it), SameSite=Strict (no cross-site sends), Secure in production (HTTPS only). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, "Path=/", `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])].join("; ");
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie("", 0, secure);

/** The session token of a request: the bearer token wins over the cookie. */
export function readSessionToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value.length) return value.join("=") || null;
  }
  return null;
}
