import { bytesToHex, type Hex } from "viem";

/** SHA-256 of a chosen file, computed in the browser (Web Crypto), as the bytes32 an ERC-1643 document records. */
export async function sha256OfFile(file: Blob): Promise<Hex> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return bytesToHex(new Uint8Array(digest));
}
