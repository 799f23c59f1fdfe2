/**
 * The register form's fields and images, checked in the browser with the server's own limits (server/src/artworks/
 * artwork-registry.ts), so a message appears next to the field before anything is sent. The server checks again.
 */
export interface ArtworkDraft {
  artist: string;
  title: string;
  year: string;
  medium: string;
  dimensions: string;
  edition: string;
  inscriptions: string;
  description: string;
}

export type DraftField = keyof ArtworkDraft;
export type DraftErrors = Partial<Record<DraftField | "images", string>>;

export const EMPTY_DRAFT: ArtworkDraft = { artist: "", title: "", year: "", medium: "", dimensions: "", edition: "", inscriptions: "", description: "" };

const LIMITS: Record<Exclude<DraftField, "year">, { max: number; required: boolean; multiline: boolean; what: string }> = {
  artist: { max: 200, required: true, multiline: false, what: "the artist's name" },
  title: { max: 300, required: true, multiline: false, what: "the title" },
  medium: { max: 200, required: true, multiline: false, what: "the medium, e.g. Oil on canvas" },
  dimensions: { max: 200, required: true, multiline: false, what: "the dimensions, e.g. 81 × 65 cm" },
  edition: { max: 100, required: false, multiline: false, what: "the edition" },
  inscriptions: { max: 2_000, required: false, multiline: true, what: "the inscriptions" },
  description: { max: 10_000, required: true, multiline: true, what: "a description" },
};

const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/;
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/;

/** The first problem of every field of `draft` (none: the server will accept the text). */
export function checkDraft(draft: ArtworkDraft, now = new Date()): DraftErrors {
  const errors: DraftErrors = {};
  for (const [field, rule] of Object.entries(LIMITS) as [Exclude<DraftField, "year">, (typeof LIMITS)[keyof typeof LIMITS]][]) {
    const text = draft[field].normalize("NFC").trim();
    if (text === "") {
      if (rule.required) errors[field] = `Enter ${rule.what}`;
    } else if ([...text].length > rule.max) {
      errors[field] = `At most ${rule.max.toLocaleString("en")} characters (this has ${[...text].length.toLocaleString("en")})`;
    } else if ((rule.multiline ? CONTROL : CONTROL_OR_BREAK).test(text)) {
      errors[field] = rule.multiline ? "Remove the control characters" : "Keep this on one line, without control characters";
    }
  }
  const year = draft.year.trim();
  if (year !== "" && (!/^-?\d{1,5}$/.test(year) || Number(year) < -50_000 || Number(year) > now.getUTCFullYear())) {
    errors.year = `A whole year no later than ${now.getUTCFullYear()} (negative for BCE), or leave it empty`;
  }
  return errors;
}

/** The GraphQL ArtworkInput for a checked draft. */
export function draftToInput(draft: ArtworkDraft, collection: string | null) {
  const optional = (text: string) => (text.trim() === "" ? null : text.trim());
  return {
    collection,
    artist: draft.artist.trim(),
    title: draft.title.trim(),
    year: draft.year.trim() === "" ? null : Number(draft.year.trim()),
    medium: draft.medium.trim(),
    dimensions: draft.dimensions.trim(),
    edition: optional(draft.edition),
    inscriptions: optional(draft.inscriptions),
    description: draft.description.trim(),
  };
}
