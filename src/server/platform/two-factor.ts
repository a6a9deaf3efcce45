import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

const issuer = 'Passerelle';

export function createTwoFactorSecret(): string {
  return generateSecret();
}

export async function describeTwoFactorSecret(
  secret: string,
  email: string,
): Promise<{ otpauthUrl: string; qrCodeSvg: string }> {
  const otpauthUrl = generateURI({ issuer, label: email, secret });
  const qrCodeSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { otpauthUrl, qrCodeSvg };
}

/** Checks a code, allowing one step of clock drift; a step already used is refused (replay). */
export async function checkTwoFactorCode(
  secret: string,
  code: string,
  lastUsedStep: number | null,
): Promise<{ valid: true; step: number } | { valid: false }> {
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }),
  });
  return result.valid && 'timeStep' in result
    ? { valid: true, step: result.timeStep }
    : { valid: false };
}
