/**
 * What the email tests share: a real SMTP server (smtp-server) on 127.0.0.1 that can be scripted to refuse, whose
 * close is queued in `cleanups` (each test file drains it after every test), and a deliberately small MIME reader:
 * enough to find headers and the two alternatives.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerAuthentication, SMTPServerSession } from 'smtp-server';
import { expect } from 'vitest';

/** Closes whatever a test started; drained by the test file's afterEach. */
export const cleanups: Array<() => Promise<void>> = [];

/** One message the sink accepted: its raw text and SMTP envelope. */
export interface Delivered {
  raw: string;
  envelope: { from: string; to: string[] };
}

/** A running sink: its port and what it accepted. */
export interface Sink {
  port: number;
  delivered: Delivered[];
}

/** Scripted refusals; each returns the error to answer with, or null to accept. */
export interface SinkOptions {
  onRcptTo?: (address: SMTPServerAddress) => Error | null;
  onData?: () => Error | null;
  onAuth?: (auth: SMTPServerAuthentication) => boolean;
}

/** An error smtp-server answers with `responseCode`. */
export function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts a sink on 127.0.0.1 that accepts plain-text AUTH and keeps every message; closed by `cleanups`. */
export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.onAuth?.(auth) ?? true) callback(null, { user: auth.username });
      else callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      callback(options.onRcptTo?.(address) ?? null);
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rejection = options.onData?.() ?? null;
        if (rejection === null) {
          delivered.push({
            raw: Buffer.concat(chunks).toString('utf8'),
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
          });
        }
        callback(rejection);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, delivered };
}

/** One MIME entity: headers by lower-case name, and the raw body. */
export interface Part {
  headers: Map<string, string[]>;
  body: string;
}

/** Splits a raw message or part into unfolded headers and body. */
export function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string[]>();
  // Unfold continuation lines first: a header "injected" by folding would start a line of its own.
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body };
}

/** The first value of a header. */
export function header(part: Part, name: string): string | undefined {
  return part.headers.get(name.toLowerCase())?.[0];
}

/** Decodes RFC 2047 encoded-words (Q and B, UTF-8) in a header value; whitespace between two words goes. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_q, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** The decoded Subject. */
export function subjectOf(message: Part): string | undefined {
  const subject = header(message, 'subject');
  return subject === undefined ? undefined : decodeWords(subject);
}

/** A part's body with its transfer encoding (base64, quoted-printable) undone. */
export function decodeBody(part: Part): string {
  const encoding = header(part, 'content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

/** The parts of a multipart message, in order. */
export function alternatives(message: Part): Part[] {
  const boundary = /boundary="?([^";]+)"?/.exec(header(message, 'content-type') ?? '')?.[1];
  expect(boundary).toBeDefined();
  return message.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => parsePart(chunk.replace(/^\r\n/, '')));
}
