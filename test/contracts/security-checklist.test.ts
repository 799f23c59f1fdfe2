import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { CHECKLIST_ITEMS, findNamedTests, renderChecklist, uncoveredItems } from "../../scripts/lib/security-checklist";

const root = path.resolve(__dirname, "../..");

describe("Security checklist coverage", () => {
  it("names every checklist item in at least one test title", () => {
    const found = findNamedTests(root);
    expect(uncoveredItems(found)).to.deep.equal([]);
    expect(CHECKLIST_ITEMS).to.have.length(60);
  });

  it("keeps docs/SECURITY-CHECKLIST.md equal to what npm run checklist generates", () => {
    const current = fs.readFileSync(path.join(root, "docs/SECURITY-CHECKLIST.md"), "utf8");
    expect(current, "run npm run checklist").to.equal(renderChecklist(findNamedTests(root)));
  });
});
