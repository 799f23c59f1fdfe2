import { Navigate, type RouteObject } from "react-router";
import { RequireArea } from "../app/RequireArea.tsx";
import { AuditLogPage } from "./AuditLogPage.tsx";
import { ComplianceLayout } from "./ComplianceLayout.tsx";
import { InvestorImportPage } from "./InvestorImportPage.tsx";
import { KycQueuePage } from "./KycQueuePage.tsx";
import { KycReviewPage } from "./KycReviewPage.tsx";
import { RenewalsPage } from "./RenewalsPage.tsx";

/** Compliance officer pages: the KYC queue and reviews, renewals due, the investor import and the audit log. */
export const complianceRoutes: RouteObject[] = [
  {
    path: "compliance",
    element: <RequireArea area="compliance"><ComplianceLayout /></RequireArea>,
    children: [
      { index: true, element: <Navigate to="kyc" replace /> },
      { path: "kyc", element: <KycQueuePage /> },
      { path: "kyc/:id", element: <KycReviewPage /> },
      { path: "renewals", element: <RenewalsPage /> },
      { path: "import", element: <InvestorImportPage /> },
      { path: "audit", element: <AuditLogPage /> },
    ],
  },
];
