import { expect, test } from '@playwright/test';
import { base32Decode, totpNow, totpStep } from './helpers';

// Checks tests/helpers.ts' totpNow against RFC 6238, appendix B (SHA-1):
// the secret is the ASCII "12345678901234567890". No browser page.
const SECRET_ASCII = '12345678901234567890';
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of SECRET_ASCII

test('totpNow matches the RFC 6238 test vectors', () => {
  expect(base32Decode(SECRET).toString('ascii')).toBe(SECRET_ASCII);
  // Lowercase and spaces are ignored, as when a person copies the secret.
  expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').toString('ascii')).toBe(SECRET_ASCII);

  const vectors: Array<[number, string]> = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of vectors) {
    expect(totpNow(SECRET, seconds * 1000, 8), `T = ${seconds} s`).toBe(code);
  }
  // Six digits by default: the last six of the eight.
  expect(totpNow(SECRET, 59_000)).toBe('287082');
  expect(totpNow('gezdgnbvgy3tqojq gezdgnbvgy3tqojq', 59_000)).toBe('287082');
  // Every instant of a 30 s step gives the same code; the next step another.
  expect(totpStep(59_000)).toBe(1);
  expect(totpNow(SECRET, 30_000, 8)).toBe(totpNow(SECRET, 59_999, 8));
  expect(totpNow(SECRET, 60_000, 8)).not.toBe(totpNow(SECRET, 59_999, 8));
  expect(() => base32Decode('not base32!')).toThrow(/Not base32/);
});
