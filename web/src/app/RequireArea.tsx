import type { ReactNode } from "react";
import { mayUse, type Area } from "../auth/roles.ts";
import { useSession } from "../auth/session.tsx";
import { Loading } from "../ui/states.tsx";

const AREA_NAMES: Record<Area, string> = {
  investor: "investors",
  compliance: "compliance officers",
  issuer: "token issuers and agents",
  admin: "platform admins",
  artworks: "auction houses and galleries the platform authorised to issue artwork certificates",
};

/** Shows the page to users whose session allows the area; otherwise says what to do. */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSession();
  if (session.state === "loading" || session.state === "signing-in") return <Loading what="your session" />;
  if (!session.user) {
    return (
      <section>
        <h1>Sign in to continue</h1>
        <p>This page is for {AREA_NAMES[area]}. Connect your wallet and sign in with it (in the header).</p>
      </section>
    );
  }
  if (!mayUse(session.user, area)) {
    return (
      <section>
        <h1>Not available to this account</h1>
        <p>This page is for {AREA_NAMES[area]}; the signed-in account does not hold that role.</p>
      </section>
    );
  }
  return <>{children}</>;
}
