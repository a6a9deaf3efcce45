import QRCode from 'qrcode';

/** A link as a QR code to show on screen: an SVG data URL, scanned by a phone's camera. */
export async function qrCodeDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
