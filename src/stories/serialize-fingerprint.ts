/**
 * Storage form of a fingerprint: `<version>:<base64 of the signature, little-endian>:<key terms, space-separated>`.
 * Key terms are runs of letters and digits, so a space never occurs inside one. Bands are not stored: they are
 * derived from the signature.
 */
import { bandKeys, FINGERPRINT_VERSION, MINHASH_PERMUTATIONS, type StoryFingerprint } from './fingerprint.js';

/** Base64 length of the signature's bytes, padding included. */
const SIGNATURE_CHARS = Math.ceil((MINHASH_PERMUTATIONS * 4) / 3) * 4;

/** The fingerprint as one compact string (about 700 characters) for a text column. */
export function serializeFingerprint(fingerprint: StoryFingerprint): string {
  const bytes = Buffer.alloc(fingerprint.signature.length * 4);
  fingerprint.signature.forEach((value, i) => bytes.writeUInt32LE(value, i * 4));
  return `${FINGERPRINT_VERSION}:${bytes.toString('base64')}:${fingerprint.keyTerms.join(' ')}`;
}

/** The fingerprint back, or null when the text is not one of this version (recompute it from the article). */
export function deserializeFingerprint(text: string): StoryFingerprint | null {
  const [version, signatureText, termsText, ...rest] = text.split(':');
  if (version !== FINGERPRINT_VERSION || signatureText === undefined || termsText === undefined || rest.length > 0) {
    return null;
  }
  // Buffer skips characters that are not base64, so a damaged text decodes short and fails the length check.
  if (signatureText.length !== SIGNATURE_CHARS) return null;
  const bytes = Buffer.from(signatureText, 'base64');
  if (bytes.length !== MINHASH_PERMUTATIONS * 4) return null;
  const signature = new Uint32Array(MINHASH_PERMUTATIONS);
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  const keyTerms = termsText === '' ? [] : termsText.split(' ');
  // Stored fingerprints are read to compare signatures; their bands are needed rarely, so derived on first use.
  let bands: string[] | undefined;
  return {
    signature,
    keyTerms,
    get bands() {
      return (bands ??= bandKeys(signature));
    },
  };
}
