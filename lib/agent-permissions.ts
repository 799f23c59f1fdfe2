/** Agent permission bits of a Folio token (contracts/interfaces/AgentPermissions.sol), for scripts and the web. */
export const AgentPermission = {
  MINT: 1,
  BURN: 2,
  FREEZE: 4,
  FORCED_TRANSFER: 8,
  RECOVERY: 16,
  PAUSE: 32,
  DOCUMENTS: 64,
  RULES: 128,
  DISTRIBUTION: 256,
  ALL: 511,
} as const;
