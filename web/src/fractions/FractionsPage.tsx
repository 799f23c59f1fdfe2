import "./fractions.css";
import { Link } from "react-router";
import { formatAmount } from "../lib/format.ts";
import { Empty, QueryState } from "../ui/states.tsx";
import { VAULT_STATUS } from "./buyout.ts";
import { CERTIFICATE_STATUS, certificateIdHex, fractionalisePath, vaultPath } from "./paths.ts";
import { useOwnedCertificates, useVaults } from "./use-fractions.ts";

const STATUS_LABELS: Record<string, string> = { locked: "Locked", buyout: "Buy-out open", released: "Released to the buyer", none: "–" };

/** Fractional ownership: the signed-in wallet's certificates (to fractionalise) and every vault of the platform. */
export function FractionsPage() {
  return (
    <section className="fractions">
      <h1>Fractional ownership</h1>
      <p className="lead">
        A certificate of authenticity locked in the platform's vault becomes a security token: its shares are held and
        traded under the token's rules, and a buy-out of every share releases the certificate to the buyer.
      </p>
      <YourCertificates />
      <AllVaults />
    </section>
  );
}

function YourCertificates() {
  const certificates = useOwnedCertificates();
  return (
    <section aria-labelledby="certificates-heading">
      <h2 id="certificates-heading">Your certificates</h2>
      <QueryState query={certificates} what="your certificates">
        {(list) =>
          list.length === 0 ? (
            <Empty>This wallet holds no artwork certificate of the platform's collections.</Empty>
          ) : (
            <ul className="card-list" aria-label="Your certificates">
              {list.map((c) => (
                <li key={`${c.collection}-${c.tokenId}`} className="card" data-testid="owned-certificate">
                  <h3>{c.collectionName}</h3>
                  <dl className="facts">
                    <dt>Certificate</dt><dd><code>{certificateIdHex(c.tokenId)}</code></dd>
                    <dt>Status</dt><dd>{CERTIFICATE_STATUS[c.status] ?? `status ${c.status}`}</dd>
                    <dt>Metadata</dt><dd><code>{c.metadataUri}</code></dd>
                  </dl>
                  {c.status === 1 ? (
                    <Link className="button" to={fractionalisePath(c.collection, c.tokenId)}>Fractionalise</Link>
                  ) : (
                    <p className="field-hint">Only an active certificate can be locked in the vault.</p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

function AllVaults() {
  const vaults = useVaults();
  return (
    <section aria-labelledby="vaults-heading">
      <h2 id="vaults-heading">Vaults</h2>
      <QueryState query={vaults} what="the vaults">
        {(list) =>
          list.length === 0 ? (
            <Empty>No certificate has been locked yet.</Empty>
          ) : (
            <div className="table-scroll">
              <table aria-label="Vaults">
                <thead>
                  <tr><th scope="col">Vault</th><th scope="col">Share token</th><th scope="col" className="num">Shares</th><th scope="col">State</th></tr>
                </thead>
                <tbody>
                  {list.map((v) => (
                    <tr key={v.vaultId.toString()} data-testid="vault-row">
                      <td><Link to={vaultPath(v.vaultId)}>Vault {v.vaultId.toString()}</Link></td>
                      <td>{v.token.name} ({v.token.symbol})</td>
                      <td className="num">{formatAmount(v.info.shares, v.token.decimals)}</td>
                      <td>{STATUS_LABELS[VAULT_STATUS[v.info.status] ?? "none"]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
