/** The hash chain's verification in words: verified over N entries, or broken at entry N and why. */
export function describeVerification(v: { valid: boolean; checkedRows: number; firstInvalidId: string | null; problem: string | null }): { title: string; detail: string } {
  if (v.valid) {
    return {
      title: v.checkedRows === 0 ? "Verified: the audit log is empty" : `Verified up to entry ${v.checkedRows}`,
      detail: `Every one of the ${v.checkedRows} entries links to the one before it and matches its hash: none was altered, removed or inserted.`,
    };
  }
  return {
    title: `Broken at entry #${v.firstInvalidId}`,
    detail: `${v.problem ?? "The entry does not match the chain"}. The ${v.checkedRows} entries before it are intact.`,
  };
}

/** An entry's details (a JSON object of ids and codes) as "key: value" pairs; anything else as given. */
export function detailPairs(json: string): string {
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ");
    }
    return json;
  } catch {
    return json;
  }
}
