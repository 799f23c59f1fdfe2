import type { RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { KycQueuePage } from "./KycQueuePage.tsx";
import { KycReviewPage } from "./KycReviewPage.tsx";

/** Compliance officer pages: the KYC queue and an application's review. */
export const complianceRoutes: RouteObject[] = [
  { path: "compliance/kyc", element: <RequireArea area="compliance"><KycQueuePage /></RequireArea> },
  { path: "compliance/kyc/:id", element: <RequireArea area="compliance"><KycReviewPage /></RequireArea> },
];
