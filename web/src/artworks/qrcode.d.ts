// The part of the `qrcode` package the label uses (the package ships no types).
declare module "qrcode" {
  const QRCode: { toString: typeof toString };
  export default QRCode;
  export interface QRCodeToStringOptions {
    type?: "svg" | "utf8" | "terminal";
    errorCorrectionLevel?: "L" | "M" | "Q" | "H";
    margin?: number;
    width?: number;
    color?: { dark?: string; light?: string };
  }
  export function toString(text: string, options?: QRCodeToStringOptions): Promise<string>;
}
