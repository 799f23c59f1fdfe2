import { parseAbi } from "viem";

/** The IdentityRegistry views the server reads (contracts/interfaces/IIdentityRegistry.sol). */
export const identityRegistryViewsAbi = parseAbi([
  "struct Investor { uint16 country; uint40 kycValidUntil; uint8 flags; uint8 status; uint32 walletCount; }",
  "function investorOf(address wallet) view returns (bytes32)",
  "function investor(bytes32 investorId) view returns (Investor)",
  "function isVerified(address wallet) view returns (bool)",
  "function walletsOf(bytes32 investorId) view returns (address[])",
  "event WalletAdded(bytes32 indexed investorId, address indexed wallet)",
  "event WalletRemoved(bytes32 indexed investorId, address indexed wallet)",
]);
