import type express from "express";
import type { DistributionService } from "./distribution-service.ts";

/**
 * GET /distributions/:id/params.json: a round's canonical parameters file, the `paramsUri` its funding transaction
 * commits to. Public on purpose: with it and an RPC endpoint, any holder can recompute the round
 * (scripts/verify-distribution.ts). It holds addresses and ids only, no personal data.
 */
export function distributionParamsHandler(distributions: DistributionService) {
  return async (req: express.Request, res: express.Response) => {
    const json = await distributions.paramsJson(String(req.params.id));
    if (json === null) {
      res.status(404).json({ error: "NOT_FOUND" });
      return;
    }
    res.type("application/json").send(json);
  };
}
