import { pipeline, Transform } from 'node:stream';
import type { Readable, TransformCallback } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { NewswatchError } from '../errors.js';

/**
 * Reads a response body, undoing its Content-Encoding, and stops as soon as the DECODED size passes `maxBytes`.
 * @throws NewswatchError FETCH_TOO_LARGE over the cap; FETCH_FAILED for an unknown or corrupt encoding.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | null,
  contentLength: number | null,
  maxBytes: number,
  safeUrl: string,
): Promise<Buffer> {
  const tooLarge = (): NewswatchError =>
    new NewswatchError('FETCH_TOO_LARGE', `response too large: more than ${maxBytes} bytes from ${safeUrl}`, {
      retryable: false,
    });
  const encodings = parseContentEncoding(contentEncoding);
  if (encodings.length === 0 && contentLength !== null && contentLength > maxBytes) {
    abandon(body);
    throw tooLarge();
  }

  let stream: Readable = body;
  // Codings are listed in the order they were applied, so they are undone from the last one.
  for (const coding of [...encodings].reverse()) {
    const decoder = createDecoder(coding);
    if (decoder === null) {
      abandon(body);
      throw new NewswatchError('FETCH_FAILED', `unsupported Content-Encoding "${coding}" from ${safeUrl}`, {
        retryable: false,
      });
    }
    stream = pipeline(stream, decoder, () => {});
  }

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        // Leaving the loop destroys the decoder; the body is closed too so the socket is not kept reading.
        abandon(body);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof NewswatchError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new NewswatchError('FETCH_FAILED', `could not decode the ${encodings.join(', ')} body from ${safeUrl}`, {
        retryable: true,
        cause: err,
      });
    }
    throw err;
  }
  return Buffer.concat(chunks, total);
}

/** Closes a body we stopped reading; undici then emits an abort error nobody needs to hear. */
function abandon(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function parseContentEncoding(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
}

function createDecoder(coding: string): Transform | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      // Servers often end gzip bodies without a clean trailer; accept what was decoded.
      return createGunzip({ finishFlush: 2 /* Z_SYNC_FLUSH */ });
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate; the first byte tells which.
 * Backpressure is passed through so a deflate bomb is not inflated ahead of the size check.
 */
class DeflateDecoder extends Transform {
  #inner: Transform | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner === null) {
      if (chunk.length === 0) {
        callback();
        return;
      }
      const zlibWrapped = (chunk[0]! & 0x0f) === 0x08;
      const inner = zlibWrapped ? createInflate({ finishFlush: 2 }) : createInflateRaw({ finishFlush: 2 });
      inner.on('data', (data: Buffer) => {
        if (!this.push(data)) inner.pause();
      });
      inner.on('error', (err) => this.destroy(err));
      this.#inner = inner;
    }
    this.#inner.write(chunk, () => callback());
  }

  override _read(size: number): void {
    this.#inner?.resume();
    super._read(size);
  }

  override _flush(callback: TransformCallback): void {
    const inner = this.#inner;
    if (inner === null) {
      callback();
      return;
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(err);
  }
}
