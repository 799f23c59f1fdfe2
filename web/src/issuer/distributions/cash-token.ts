import { erc20Abi, isAddress, zeroAddress, type Address } from "viem";
import { useReadContract, useReadContracts } from "wagmi";

export interface CashTokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
}

/**
 * An ERC-20 cash token's symbol and decimals, read on chain (and `holder`'s balance when given): `info` is null while
 * reading or when the address does not answer as an ERC-20 token (`failed`).
 */
export function useCashToken(address: Address | null | undefined, holder?: Address | null) {
  const enabled = !!address && isAddress(address);
  const token = address ?? zeroAddress;
  const read = useReadContracts({
    allowFailure: true,
    contracts: [
      { address: token, abi: erc20Abi, functionName: "symbol" },
      { address: token, abi: erc20Abi, functionName: "decimals" },
    ],
    query: { enabled, staleTime: 60_000 },
  });
  const balance = useReadContract({
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [holder ?? zeroAddress],
    query: { enabled: enabled && !!holder, refetchInterval: 3_000 },
  });
  const [symbol, decimals] = read.data ?? [];
  const answered = symbol?.status === "success" && decimals?.status === "success";
  const info: CashTokenInfo | null = enabled && answered ? { address: token, symbol: String(symbol.result), decimals: Number(decimals.result) } : null;
  return {
    info,
    balance: enabled && holder && balance.data !== undefined ? balance.data : null,
    failed: enabled && !read.isPending && !answered,
    pending: enabled && read.isPending,
  };
}
