/**
 * Bytes → text for feed documents.
 *
 * Which charset wins: a byte-order mark (it cannot be wrong about the bytes that follow it), else the charset
 * parameter of the HTTP Content-Type, else the XML declaration's `encoding=`, else a UTF-16/32 byte pattern
 * of `<` (XML 1.0 appendix F), else UTF-8. TextDecoder has no UTF-32, so that is decoded here. A UTF-16/32 label is ignored when the bytes plainly start with ASCII `<`
 * (the label is then a lie: we could read it). Unknown labels fall through to the next rule. WHATWG TextDecoder
 * does the decoding, so `iso-8859-1` is read as its superset windows-1252, and invalid bytes become U+FFFD.
 */

/** Decodes feed bytes to text, choosing the charset as described above; a leading BOM is removed. */
export function decodeFeedText(body: Buffer | string, contentType?: string | null): string {
  if (typeof body === 'string') return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;

  const bom = sniffBom(body);
  if (bom !== null) return decode(body.subarray(bom.length), bom.encoding);

  const asciiStart = startsWithAsciiMarkup(body);
  for (const label of [charsetFromContentType(contentType), asciiStart ? xmlDeclEncoding(body) : null]) {
    const encoding = label === null ? null : supportedEncoding(label);
    if (encoding === null) continue;
    if (asciiStart && /^utf-(16|32)/.test(encoding)) continue;
    return decode(body, encoding);
  }
  if (startsWith(body, [0x00, 0x00, 0x00, 0x3c])) return decode(body, 'utf-32be');
  if (startsWith(body, [0x3c, 0x00, 0x00, 0x00])) return decode(body, 'utf-32le');
  if (startsWith(body, [0x00, 0x3c, 0x00]) && body[3] !== 0) return decode(body, 'utf-16be');
  if (startsWith(body, [0x3c, 0x00]) && body[2] !== 0 && body[3] === 0) return decode(body, 'utf-16le');
  return decode(body, 'utf-8');
}

function decode(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  // ignoreBOM: the BOM (if any) was already cut, and a second one would be content.
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  // Node 20's windows-1252 decoder (also used for the latin1/iso-8859-1/ascii labels) maps 0x80–0x9F to the C1
  // controls, as ISO-8859-1 does, instead of to € ‚ … ’ “ ” – —; put the WHATWG mapping back.
  return encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!) : text;
}

const WINDOWS_1252_C1: readonly string[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
].map((cp) => String.fromCharCode(cp));

function sniffBom(bytes: Buffer): { encoding: string; length: number } | null {
  if (startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'utf-32be', length: 4 };
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'utf-32le', length: 4 };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let codes: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    codes.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (codes.length === 8192) {
      parts.push(String.fromCodePoint(...codes));
      codes = [];
    }
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

function startsWithAsciiMarkup(bytes: Buffer): boolean {
  for (let i = 0; i < Math.min(bytes.length, 1024); i++) {
    const b = bytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return (b === 0x3c || b === 0x7b) && bytes[i + 1] !== 0;
  }
  return false;
}

/** The `charset` parameter of a Content-Type header value, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const label = match?.[1] ?? match?.[2];
  return label ? label.trim() : null;
}

function xmlDeclEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 512).toString('latin1');
  const decl = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return decl?.[1] ?? null;
}

function supportedEncoding(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}
