import "./artworks.css";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../api/graphql.ts";
import { Field } from "../ui/Field.tsx";
import { TextField } from "../ui/TextField.tsx";
import { ImagePicker, type PickedImage } from "./ImagePicker.tsx";
import { checkDraft, draftToInput, EMPTY_DRAFT, type ArtworkDraft, type DraftErrors } from "./lib/artwork-form.ts";
import { registerArtwork, type Artwork } from "./lib/artwork-queries.ts";
import { describeUploadError, MAX_IMAGES } from "./lib/image-files.ts";
import { useIssuerCollections } from "./use-collections.ts";

/** Registers a work with its images; shows the canonical metadata's SHA-256 (the future token id) and CID. */
export function RegisterArtworkPage() {
  const [draft, setDraft] = useState<ArtworkDraft>(EMPTY_DRAFT);
  const [images, setImages] = useState<PickedImage[]>([]);
  const [collection, setCollection] = useState("");
  const [errors, setErrors] = useState<DraftErrors>({});
  const [registered, setRegistered] = useState<Artwork | null>(null);
  const collections = useIssuerCollections();
  const queryClient = useQueryClient();
  const chosen = collection || collections.data?.[0]?.address || "";
  const set = (field: keyof ArtworkDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  const register = useMutation({
    mutationFn: () => registerArtwork(draftToInput(draft, chosen || null), images.map((i) => i.file)),
    onSuccess: (artwork) => {
      setRegistered(artwork);
      void queryClient.invalidateQueries({ queryKey: ["my-artworks"] });
    },
    // The server stops at the first bad image; with one image sent, that image is marked refused next to its preview.
    onError: (error) => {
      const code = error instanceof ApiError ? error.code : undefined;
      if (images.length === 1 && code?.startsWith("ARTWORK_IMAGE_")) {
        setImages([{ ...images[0]!, problem: `Refused by the server: ${error.message}` }]);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.reset();
    const next = checkDraft(draft);
    if (images.length === 0) next.images = "Add at least one image of the work";
    else if (images.length > MAX_IMAGES) next.images = `At most ${MAX_IMAGES} images: remove ${images.length - MAX_IMAGES}`;
    else if (images.some((i) => i.problem)) next.images = "Remove the files that are refused above: nothing is sent while one is bad";
    setErrors(next);
    if (Object.keys(next).length === 0) register.mutate();
  };

  if (registered) return <Registered artwork={registered} onAnother={() => { setRegistered(null); setDraft(EMPTY_DRAFT); setImages([]); }} />;
  const serverError = register.error
    ? describeUploadError(register.error instanceof ApiError ? register.error.code : undefined, register.error.message, images.map((i) => i.file.name))
    : null;

  return (
    <section className="artworks">
      <h1>Register an artwork</h1>
      <form className="form" onSubmit={submit} noValidate aria-label="Register an artwork">
        {collections.data && collections.data.length > 1 && (
          <Field label="Collection" hint="A verified-owners collection admits only verified investors of the platform as owners.">
            <select value={chosen} onChange={(e) => setCollection(e.target.value)}>
              {collections.data.map((c) => <option key={c.address} value={c.address}>{c.name}{c.verifiedOwnersOnly ? " (verified owners only)" : ""}</option>)}
            </select>
          </Field>
        )}
        <div className="row">
          <TextField label="Artist" value={draft.artist} onChange={set("artist")} error={errors.artist} />
          <TextField label="Title" value={draft.title} onChange={set("title")} error={errors.title} />
        </div>
        <div className="row">
          <TextField label="Year" value={draft.year} onChange={set("year")} error={errors.year} inputMode="numeric" hint="Optional; negative for BCE." />
          <TextField label="Edition" value={draft.edition} onChange={set("edition")} error={errors.edition} hint="Optional, e.g. 3/25 or Unique." />
        </div>
        <div className="row">
          <TextField label="Medium" value={draft.medium} onChange={set("medium")} error={errors.medium} placeholder="Oil on canvas" />
          <TextField label="Dimensions" value={draft.dimensions} onChange={set("dimensions")} error={errors.dimensions} placeholder="81 × 65 cm" />
        </div>
        <Field label="Inscriptions" error={errors.inscriptions} hint="Optional: signatures, dates and marks on the work.">
          <textarea rows={2} value={draft.inscriptions} onChange={(e) => set("inscriptions")(e.target.value)} />
        </Field>
        <Field label="Description" error={errors.description}>
          <textarea rows={4} value={draft.description} onChange={(e) => set("description")(e.target.value)} />
        </Field>
        <ImagePicker images={images} onChange={(next) => { setImages(next); setErrors((e) => ({ ...e, images: undefined })); register.reset(); }} error={errors.images} />
        {serverError && <div role="alert" className="tx tx-refused" data-testid="upload-refused"><p><strong>Not registered.</strong> {serverError}</p></div>}
        <div className="actions">
          <button type="submit" className="primary" disabled={register.isPending}>{register.isPending ? "Uploading…" : "Register the artwork"}</button>
        </div>
      </form>
    </section>
  );
}

function Registered({ artwork: a, onAnother }: { artwork: Artwork; onAnother(): void }) {
  return (
    <section className="artworks">
      <h1>Registered: {a.title}</h1>
      <div className="review" role="status" data-testid="registered">
        <p>The work is registered with {a.images.length} image{a.images.length === 1 ? "" : "s"}. Its certificate will carry this canonical metadata:</p>
        <dl className="details">
          <dt>Metadata SHA-256 (the certificate id)</dt><dd><code data-testid="metadata-sha256">0x{a.metadataSha256}</code></dd>
          <dt>IPFS CID</dt><dd><code data-testid="metadata-cid">{a.metadataCid}</code></dd>
          <dt>Metadata</dt><dd><a href={a.metadataUrl}>Canonical metadata JSON</a></dd>
        </dl>
      </div>
      <div className="actions">
        <Link className="button primary" to={`/artworks/${a.id}`}>Open the artwork to mint its certificate</Link>
        <button type="button" className="secondary" onClick={onAnother}>Register another</button>
      </div>
    </section>
  );
}
