/** The email notifier sending digests to a real smtp-server sink: one message grouped by topic, escaped, complete. */
import { afterEach, describe, expect, it } from 'vitest';
import { NewswatchError } from '../../../src/errors.js';
import { createNotifier, type Notifier } from '../../../src/notify/index.js';
import type { DigestAlert } from '../../../src/types.js';
import { ACCORDS, bigDigest, sampleDigest, sampleStory } from '../../unit/notify/samples.js';
import { alternatives, cleanups, decodeBody, header, parsePart, smtpError, startSink, subjectOf } from './mail-kit.js';

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function notifier(port: number): Notifier {
  return createNotifier(
    { id: 'ops-email', type: 'email', smtp: `smtp://127.0.0.1:${port}`, from: 'newswatch@example.org', to: ['a@x.org'], title: null, body: null },
    { userAgent: 'newswatch-test/1.0' },
  );
}

/** Sends `digest` to a fresh sink and returns the one message it got, with its text and HTML parts decoded. */
async function deliver(digest: DigestAlert) {
  const sink = await startSink();
  await notifier(sink.port).sendDigest(digest, {});
  expect(sink.delivered).toHaveLength(1);
  const { raw, envelope } = sink.delivered[0]!;
  const message = parsePart(raw);
  // Lines travel as CRLF; the notifier wrote LF.
  const [text = '', html = ''] = alternatives(message).map((part) => decodeBody(part).replace(/\r\n/g, '\n'));
  return { raw, envelope, message, text, html };
}

describe('email digest', () => {
  it('delivers one message with a digest subject, a Message-ID from the digest id and both parts', async () => {
    const { message } = await deliver(sampleDigest());
    expect(subjectOf(message)).toBe('[newswatch] Digest: 3 stories in 2 topics (2025-11-06 08:00–09:00 UTC)');
    expect(header(message, 'message-id')).toBe('<dgst-9@newswatch>');
    expect(header(message, 'x-newswatch-digest')).toBe('dgst-9');
    expect(header(message, 'in-reply-to')).toBeUndefined();
    expect(alternatives(message).map((part) => header(part, 'content-type')?.split(';')[0])).toEqual(['text/plain', 'text/html']);
  });

  it('groups the text by topic under headings, the new-entity story first and marked new', async () => {
    const { text } = await deliver(sampleDigest());
    const headings = text.split('\n').filter((line) => line.startsWith('== ') || /^\d+\. /.test(line));
    expect(headings).toEqual([
      '== Abraham Accords membership · 2 stories ==',
      '1. New: Kazakhstan — Kazakhstan joins the Abraham Accords',
      '2. Update: Israel and Saudi Arabia resume talks',
      '== Gulf diplomacy · 1 story ==',
      '1. Qatar hosts Gulf summit',
    ]);
    expect(text).toContain('   Entities: Kazakhstan (new), Israel, United States\n');
    expect(text).toContain('     https://news.example.org/a?id=1&x=2\n');
  });

  it('groups the HTML by topic with headings and linked stories', async () => {
    const { html } = await deliver(sampleDigest());
    expect([...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((match) => match[1])).toEqual([
      'Abraham Accords membership · 2 stories',
      'Gulf diplomacy · 1 story',
    ]);
    expect(html).toContain(
      '<strong><a href="https://news.example.org/a?id=1&amp;x=2">New: Kazakhstan — Kazakhstan joins the Abraham Accords</a></strong>',
    );
    expect(html.indexOf('Kazakhstan joins')).toBeLessThan(html.indexOf('Israel and Saudi Arabia'));
  });

  it('keeps hostile feed text out of the headers and inert in the HTML', async () => {
    const story = sampleStory({ ...ACCORDS }, 'h', '<script>alert(1)</script>\r\nBcc: evil@x.org', true);
    story.entities = [{ code: 'XX', name: 'Evil\r\nBcc: evil@x.org <script>', primary: true, new: true }];
    story.articles.push({ ...story.articles[0]!, url: 'javascript:alert(2)', title: '<img src=x onerror=alert(3)>' });
    const hostile = sampleDigest({ topics: [{ topic: { id: 'h', name: 'Topic\r\nBcc: evil@x.org <script>' }, alerts: [story] }] });
    const { raw, envelope, message, text, html } = await deliver(hostile);
    expect(message.headers.has('bcc')).toBe(false);
    expect(raw.slice(0, raw.indexOf('\r\n\r\n'))).not.toMatch(/(^|\r\n)bcc:/i);
    expect(envelope.to).toEqual(['a@x.org']);
    expect(message.headers.get('subject')).toHaveLength(1);
    expect(subjectOf(message)).toBe('[newswatch] Digest: 1 story in 1 topic (2025-11-06 08:00–09:00 UTC)');
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bcc: evil@x.org');
    expect(text).toContain('1. New: Evil Bcc: evil@x.org <script> — <script>alert(1)</script> Bcc: evil@x.org\n');
  });

  it('shows every one of 60 stories in 3 topics exactly once', async () => {
    const { text, message } = await deliver(bigDigest(3, 20));
    expect(subjectOf(message)).toBe('[newswatch] Digest: 60 stories in 3 topics (2025-11-06 08:00–09:00 UTC)');
    const shown = [...text.matchAll(/^\d+\. (?:New: Azerbaijan — )?(Topic \d story \d+)$/gm)].map((match) => match[1]);
    expect(shown).toHaveLength(60);
    expect(new Set(shown).size).toBe(60);
  });

  it('keeps the Message-ID when the same digest is sent again', async () => {
    const sink = await startSink();
    const target = notifier(sink.port);
    await target.sendDigest(sampleDigest(), {});
    await target.sendDigest(sampleDigest(), {});
    expect(sink.delivered.map((mail) => header(parsePart(mail.raw), 'message-id'))).toEqual(['<dgst-9@newswatch>', '<dgst-9@newswatch>']);
  });

  it.each([
    [451, true],
    [550, false],
  ])('treats an SMTP %i as retryable=%s, as for alerts', async (code, retryable) => {
    const sink = await startSink({ onRcptTo: () => smtpError(code, `scripted ${code} rejection`) });
    const error = await notifier(sink.port).sendDigest(sampleDigest(), {}).then(
      () => null,
      (err: unknown) => err as NewswatchError,
    );
    expect(error).toBeInstanceOf(NewswatchError);
    expect(error!.code).toBe('NOTIFY_FAILED');
    expect(error!.retryable).toBe(retryable);
    expect(sink.delivered).toHaveLength(0);
  });
});
