import QRCode from "qrcode";

/**
 * The label's QR code as SVG markup: error correction M (a label survives a scratch), a quiet zone of 2 modules,
 * black on white. The same text always gives the same markup, so a test can compare it with the URL it should hold.
 */
export const labelQrSvg = (url: string) => QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
