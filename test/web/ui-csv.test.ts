import { describe, expect, it } from "vitest";
import { csvLines, splitCsvLine } from "../../web/src/ui/csv.ts";

describe("the shared CSV reader", () => {
  it("splits cells, trimming them, with quoted commas and doubled quotes", () => {
    expect(splitCsvLine(` a , "b, c" ,"say ""hi""",`)).toEqual(["a", "b, c", 'say "hi"', ""]);
  });

  it("numbers lines as a spreadsheet does, skipping blank ones, across BOM and any line ends", () => {
    expect(csvLines("\uFEFFh1,h2\r\n\r\nx,1\ry,2\n  \nz,3")).toEqual([
      { line: 1, cells: ["h1", "h2"] },
      { line: 3, cells: ["x", "1"] },
      { line: 4, cells: ["y", "2"] },
      { line: 6, cells: ["z", "3"] },
    ]);
    expect(csvLines("")).toEqual([]);
  });
});
