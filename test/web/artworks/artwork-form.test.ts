import { describe, expect, it } from "vitest";
import { checkDraft, draftToInput, EMPTY_DRAFT } from "../../../web/src/artworks/lib/artwork-form.ts";
import { describeUploadError, imageProblem, sniffImage } from "../../../web/src/artworks/lib/image-files.ts";

const complete = { ...EMPTY_DRAFT, artist: "Berthe Morisot", title: "Harbour at Lorient", medium: "Oil on canvas", dimensions: "43.5 × 73 cm", description: "Edma on the quay." };
const NOW = new Date("2026-12-02T12:00:00Z");

describe("the register form's fields, checked with the server's limits", () => {
  it("accepts a complete work and sends optional fields as null", () => {
    expect(checkDraft(complete, NOW)).toEqual({});
    expect(draftToInput({ ...complete, year: " 1869 ", edition: "  " }, null)).toMatchObject({ year: 1869, edition: null, inscriptions: null, artist: "Berthe Morisot" });
  });

  it("names every missing required field", () => {
    expect(checkDraft(EMPTY_DRAFT, NOW)).toEqual({
      artist: "Enter the artist's name", title: "Enter the title", medium: "Enter the medium, e.g. Oil on canvas",
      dimensions: "Enter the dimensions, e.g. 81 × 65 cm", description: "Enter a description",
    });
  });

  it("refuses a year in the future, a non-number, and text over the limit or with line breaks where one line is expected", () => {
    expect(checkDraft({ ...complete, year: "2027" }, NOW).year).toMatch(/no later than 2026/);
    expect(checkDraft({ ...complete, year: "c. 1870" }, NOW).year).toBeDefined();
    expect(checkDraft({ ...complete, year: "-300" }, NOW).year).toBeUndefined();
    expect(checkDraft({ ...complete, title: "x".repeat(301) }, NOW).title).toBe("At most 300 characters (this has 301)");
    expect(checkDraft({ ...complete, title: "Two\nlines" }, NOW).title).toBe("Keep this on one line, without control characters");
    expect(checkDraft({ ...complete, description: "Two\nlines are fine here" }, NOW).description).toBeUndefined();
    expect(checkDraft({ ...complete, description: "bell\u0007" }, NOW).description).toBe("Remove the control characters");
  });
});

describe("images checked by their content", () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0)]);
  const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);
  const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50, 0, 0, 0, 0]);

  it("recognises JPEG, PNG and WebP by their first bytes, whatever the name", () => {
    expect(sniffImage(PNG)).toBe("image/png");
    expect(sniffImage(JPEG)).toBe("image/jpeg");
    expect(sniffImage(WEBP)).toBe("image/webp");
    expect(sniffImage(new TextEncoder().encode("#!/bin/sh\nrm -rf /"))).toBeNull();
    expect(sniffImage(new TextEncoder().encode("GIF89a"))).toBeNull();
  });

  it("explains a script renamed .jpg, an empty file and a file over the limit", () => {
    const script = new TextEncoder().encode("#!/bin/sh\n");
    expect(imageProblem({ name: "photo.jpg", size: 10 }, script)).toBe("photo.jpg is not a JPEG, PNG or WebP image by its content, whatever its name says");
    expect(imageProblem({ name: "notes.txt", size: 10 }, script)).toBe("notes.txt is not a JPEG, PNG or WebP image by its content");
    expect(imageProblem({ name: "empty.png", size: 0 }, PNG)).toBe("empty.png is empty");
    expect(imageProblem({ name: "huge.png", size: 50 * 1024 * 1024 }, PNG)).toMatch(/^huge.png is 50.0 MB: images may be at most 20.0 MB/);
    expect(imageProblem({ name: "ok.png", size: 1000 }, PNG)).toBeNull();
  });

  it("puts the server's refusals into words naming the file, and says nothing was stored", () => {
    expect(describeUploadError("ARTWORK_IMAGE_MALFORMED", "The image is not a complete PNG file", ["cut.png"]))
      .toBe("The server refused cut.png: the image is damaged or cut short (The image is not a complete PNG file). Export it again. Nothing was stored.");
    expect(describeUploadError("ARTWORK_IMAGE_TYPE", "Images must be JPEG, PNG or WebP files", ["a.jpg", "b.png"])).toMatch(/^The server refused one of a.jpg, b.png: it is not a JPEG/);
    expect(describeUploadError("ARTWORK_IMAGE_TOO_LARGE", "Images must be at most 2048 bytes", ["big.jpg"])).toMatch(/too large .*Nothing was stored\.$/);
    expect(describeUploadError("FORBIDDEN", "0xabc is not an authorised issuer", ["a.png"])).toBe("0xabc is not an authorised issuer. Nothing was stored.");
  });
});
