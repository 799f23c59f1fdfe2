import { describe, expect, it } from "vitest";
import { publicDeployment } from "../../server/src/http/deployment-route.ts";

describe("the contract addresses the web console reads (/deployment.json)", () => {
  it("gives every Folio contract's address and deployment block on the server's chain, and nothing else of the deployment", () => {
    const deployment = {
      chainId: 31337,
      deploymentBlock: 1,
      contracts: {
        TokenFactory: { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0" as const, block: 3 },
        IdentityRegistry: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const, block: 1 },
      },
      tokens: ["0xE451980132E65465d0a498c53f0b5227326Dd73F" as const],
    };
    expect(publicDeployment(deployment)).toEqual({
      chainId: 31337,
      contracts: {
        TokenFactory: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        IdentityRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      },
      blocks: { TokenFactory: 3, IdentityRegistry: 1 },
    });
  });
});
