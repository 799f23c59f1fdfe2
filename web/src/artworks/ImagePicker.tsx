import { useEffect, useId, useRef, useState } from "react";
import { formatBytes, imageProblem, MAX_IMAGES } from "./lib/image-files.ts";

/** A chosen image with what the browser found wrong with it (null: it may go) and its preview. */
export interface PickedImage {
  key: string;
  file: File;
  problem: string | null;
  previewUrl: string | null;
}

/** Reads a file's first bytes and checks it as the server will (by content and size). */
export async function pickImage(file: File): Promise<PickedImage> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const problem = imageProblem(file, head);
  return { key: `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`, file, problem, previewUrl: problem ? null : URL.createObjectURL(file) };
}

/** Image upload with previews, one message per refused file next to it, and a way to take a file out. */
export function ImagePicker({ images, onChange, error }: { images: PickedImage[]; onChange(images: PickedImage[]): void; error?: string }) {
  const id = useId();
  const [inputKey, setInputKey] = useState(0);
  // The previews still shown when the page closes are released then (removed ones are released at once).
  const shown = useRef(images);
  shown.current = images;
  useEffect(() => () => shown.current.forEach((i) => i.previewUrl && URL.revokeObjectURL(i.previewUrl)), []);

  const add = async (files: FileList | null) => {
    const picked = await Promise.all([...(files ?? [])].map(pickImage));
    onChange([...images, ...picked]);
    setInputKey((k) => k + 1);
  };
  const remove = (key: string) => {
    const gone = images.find((i) => i.key === key);
    if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
    onChange(images.filter((i) => i.key !== key));
  };

  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>Images</label>
      <p id={`${id}-hint`} className="field-hint">JPEG, PNG or WebP, checked by their content; up to {MAX_IMAGES} images of at most 20 MB. Location data (EXIF GPS) is removed before anything is stored.</p>
      <input key={inputKey} id={id} type="file" multiple accept="image/jpeg,image/png,image/webp" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} aria-invalid={error ? true : undefined} onChange={(e) => void add(e.target.files)} />
      {error && <p id={`${id}-error`} className="field-error" role="alert">{error}</p>}
      {images.length > 0 && (
        <ul className="image-previews" aria-label="Chosen images">
          {images.map((image, i) => (
            <li key={image.key} className={image.problem ? "image-preview image-bad" : "image-preview"}>
              {image.previewUrl ? <img src={image.previewUrl} alt={`Preview of ${image.file.name}`} /> : <span className="image-missing" aria-hidden="true">✕</span>}
              <div>
                <p className="image-name"><strong>{image.file.name}</strong> · {formatBytes(image.file.size)}</p>
                {image.problem ? <p className="field-error" data-testid="image-problem">{image.problem}</p> : <p className="field-hint">Ready to upload</p>}
                <button type="button" className="secondary" onClick={() => remove(image.key)} aria-label={`Remove image ${i + 1} (${image.file.name})`}>Remove</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
