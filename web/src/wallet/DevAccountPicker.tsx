import { useState } from "react";
import { shortAddress } from "../lib/format.ts";
import type { DevWallet } from "./dev-wallet-types.ts";

/** The dev wallet's account switch (as a wallet's own account list would be): the page sees accountsChanged. */
export function DevAccountPicker({ wallet }: { wallet: DevWallet }) {
  const [selected, setSelected] = useState(wallet.selected());
  return (
    <label className="dev-account">
      <span>Dev account</span>
      <select
        value={selected}
        onChange={(e) => {
          const index = Number(e.target.value);
          setSelected(index);
          wallet.select(index);
        }}
      >
        {wallet.accounts.map((a) => (
          <option key={a.index} value={a.index}>#{a.index} {shortAddress(a.address)} ({a.role})</option>
        ))}
      </select>
    </label>
  );
}
