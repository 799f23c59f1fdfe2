import { renderToStaticMarkup } from "react-dom/server";
import type { TransactionReceipt } from "viem";
import { describe, expect, it } from "vitest";
import { TransactionStatus } from "../../../web/src/tx/TransactionStatus.tsx";

const hash = `0x${"ab".repeat(32)}` as const;

describe("TransactionStatus", () => {
  it("shows the token's refusal and says the wallet was not opened", () => {
    const html = renderToStaticMarkup(
      <TransactionStatus state={{ status: "refused", code: 4, reason: "Recipient is not a verified investor", hint: "The wallet's owner must complete KYC." }} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("The token would refuse this: Recipient is not a verified investor.");
    expect(html).toContain("your wallet was not opened");
    expect(html).toContain("The wallet&#x27;s owner must complete KYC.");
  });

  it("shows the block a confirmed transaction is in, and what follows", () => {
    const html = renderToStaticMarkup(
      <TransactionStatus state={{ status: "confirmed", hash, block: 1234n, receipt: {} as TransactionReceipt }} confirmed={(block) => <a href="/x">next after {block.toString()}</a>} />,
    );
    expect(html).toContain("Confirmed in block 1234.");
    expect(html).toContain("next after 1234");
  });

  it("shows pending and failed states with the transaction hash", () => {
    expect(renderToStaticMarkup(<TransactionStatus state={{ status: "pending", hash }} />)).toContain(`Pending: waiting for the transaction <code>${hash}</code>`);
    const failed = renderToStaticMarkup(<TransactionStatus state={{ status: "failed", message: "The token refused: Token is paused", hash }} />);
    expect(failed).toContain("Failed:</strong> The token refused: Token is paused");
    expect(failed).toContain(hash);
  });

  it("shows nothing before anything was sent", () => {
    expect(renderToStaticMarkup(<TransactionStatus state={{ status: "idle" }} />)).toBe("");
  });
});
