/** The cookie that carries a session token for browsers; API clients send `Authorization: Bearer <token>`. */
export const SESSION_COOKIE = "folio_session";

/** HttpOnly (scripts cannot read it), SameSite=Strict (no cross-site sends), Secure in production (HTTPS only). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${token}`, "Path=/", `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])].join("; ");
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie("", 0, secure);

/**
 * The session token of a request and where it came from, or null when it carries none. The bearer token wins over
 * the cookie; an Authorization header that is not `Bearer <token>` counts as an invalid token (empty), not as none.
 */
export function readSessionToken(headers: Headers): { token: string; from: "bearer" | "cookie" } | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return { token: match ? match[1]! : "", from: "bearer" };
  }
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    // An empty value is the cleared cookie (Max-Age=0) that a browser has not dropped yet: no session.
    if (name === SESSION_COOKIE && value.join("=")) return { token: value.join("="), from: "cookie" };
  }
  return null;
}
