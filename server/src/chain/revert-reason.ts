import { BaseError, decodeErrorResult, ExecutionRevertedError, type Abi, type AbiParameter, type Hex } from "viem";
import * as folioAbis from "../../../deployments/abi/index.ts";

export type AbiError = Extract<Abi[number], { type: "error" }>;

/** Solidity's panic codes (docs.soliditylang.org, "Panic via assert and error via require"). */
const PANIC_REASONS: Record<number, string> = {
  0x01: "assertion failed",
  0x11: "arithmetic underflow or overflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array encoding",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised internal function",
};

/** Why a call reverted, decoded for people and machines. */
export interface RevertReason {
  /** The custom error's name, `Error` for `require(…, "reason")`, `Panic` for a panic, or `Unknown`. */
  name: string;
  /** The error's arguments as strings (uint256 and the like in decimal). */
  args: string[];
  /** One line: `OutboxTargetRejected(7, 0x…)`, the Error(string) text, or the panic's meaning. */
  message: string;
  /** The raw revert data, when the node returned it. */
  data?: Hex;
}

/** Every custom error declared in the generated ABIs of deployments/abi/, once per selector. */
const folioErrors: AbiError[] = uniqueErrors(Object.values(folioAbis).flat() as Abi);

/** The error items of an ABI (what the outbox stores with an entry to decode its reverts later). */
export function errorItemsOf(abi: Abi): AbiError[] {
  return abi.filter((item): item is AbiError => item.type === "error");
}

/** Decodes revert data with Folio's ABIs, the extra error items given, and Error(string)/Panic(uint256). */
export function decodeRevertData(data: Hex | undefined, extraErrors: readonly AbiError[] = []): RevertReason {
  if (!data || data === "0x") return { name: "Unknown", args: [], message: "execution reverted without a reason" };
  const abi = uniqueErrors([...extraErrors, ...folioErrors]);
  try {
    const decoded = decodeErrorResult({ abi, data });
    const args = (decoded.args ?? []).map(stringify);
    if (decoded.errorName === "Error") return { name: "Error", args, message: args[0] ?? "", data };
    if (decoded.errorName === "Panic") {
      const code = Number((decoded.args as readonly bigint[])[0]);
      const meaning = PANIC_REASONS[code] ?? "unknown panic";
      return { name: "Panic", args, message: `Panic(0x${code.toString(16)}): ${meaning}`, data };
    }
    return { name: decoded.errorName, args, message: `${decoded.errorName}(${args.join(", ")})`, data };
  } catch {
    return { name: "Unknown", args: [], message: `unknown custom error ${data.slice(0, 10)}`, data };
  }
}

/**
 * The revert reason inside a viem error from a call, gas estimate or simulation, or null when the error is not a
 * revert (a timeout, a refused connection: worth retrying).
 */
export function revertReasonOf(error: unknown, extraErrors: readonly AbiError[] = []): RevertReason | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ExecutionRevertedError);
  if (!reverted) return null;
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === "string" && /^0x[0-9a-fA-F]*$/.test((e as { data: string }).data));
  const data = (withData as { data?: Hex } | null)?.data;
  if (data && data !== "0x") return decodeRevertData(data, extraErrors);
  // Some nodes return the reason only as text ("execution reverted: not allowed").
  const text = (reverted as ExecutionRevertedError).details?.replace(/^execution reverted:?\s*/i, "") ?? "";
  return { name: text ? "Error" : "Unknown", args: text ? [text] : [], message: text || "execution reverted without a reason" };
}

function uniqueErrors(abi: Abi): AbiError[] {
  const bySignature = new Map<string, AbiError>();
  for (const item of errorItemsOf(abi)) {
    const signature = `${item.name}(${item.inputs.map(typeOf).join(",")})`;
    if (!bySignature.has(signature)) bySignature.set(signature, item);
  }
  return [...bySignature.values()];
}

function typeOf(param: AbiParameter): string {
  if (!param.type.startsWith("tuple")) return param.type;
  const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
  return `(${components.map(typeOf).join(",")})${param.type.slice("tuple".length)}`;
}

function stringify(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}
