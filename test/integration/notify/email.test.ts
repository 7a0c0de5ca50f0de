import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmailNotifierConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import { createNotifier, type Notifier, type NotifierDeps } from '../../../src/notify/index.js';
import type { Alert } from '../../../src/types.js';
import { sampleAlert, sampleArticle } from '../../unit/notify/samples.js';
import { alternatives, cleanups, decodeBody, header, parsePart, smtpError, startSink, subjectOf } from './mail-kit.js';

const PASSWORD = 's3cr3t-Pa55';
const deps: NotifierDeps = { userAgent: 'newswatch-test/1.0' };

const alert: Alert = sampleAlert({
  id: 'dlv-51c2',
  topic: { id: 'abraham-accords', name: 'Abraham Accords' },
  entities: [],
  articles: [
    {
      url: 'https://news.example.org/kz?id=1&x=2',
      title: 'Big news\r\nBcc: evil@x.org',
      source: 'The National',
      published: '2025-11-06T18:00:00.000Z',
      snippet: '<script>alert(1)</script> Kazakhstan will join the Abraham Accords.',
    },
    {
      url: 'javascript:alert(2)',
      title: '<script>alert(3)</script>',
      source: 'Fox News',
      published: null,
      snippet: 'Second report.',
    },
  ],
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A bare TCP server scripted per connection, for failures smtp-server cannot produce. */
async function startRawServer(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

function notifier(smtp: string, extraDeps: Partial<NotifierDeps> = {}, to = ['a@x.org', 'b@y.org']): Notifier {
  const config: EmailNotifierConfig = {
    id: 'ops-email',
    type: 'email',
    smtp,
    from: 'newswatch@example.org',
    to,
    title: null,
    body: null,
  };
  return createNotifier(config, { ...deps, ...extraDeps });
}

async function failure(promise: Promise<unknown>): Promise<NewswatchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(NewswatchError);
    const error = err as NewswatchError;
    expect(error.code).toBe('NOTIFY_FAILED');
    expect(error.message).not.toContain(PASSWORD);
    return error;
  }
  throw new Error('expected send to fail');
}


describe('email notifier', () => {
  it('delivers one message with text and HTML alternatives to every recipient', async () => {
    const sink = await startSink();
    await notifier(`smtp://127.0.0.1:${sink.port}`).send(alert, {});
    expect(sink.delivered).toHaveLength(1);
    const [mail] = sink.delivered;
    expect(mail!.envelope).toEqual({ from: 'newswatch@example.org', to: ['a@x.org', 'b@y.org'] });

    const message = parsePart(mail!.raw);
    expect(header(message, 'content-type')).toMatch(/^multipart\/alternative;/);
    expect(header(message, 'message-id')).toBe('<dlv-51c2@newswatch>');
    expect(header(message, 'x-newswatch-alert')).toBe('dlv-51c2');
    expect(header(message, 'from')).toBe('newswatch@example.org');
    expect(header(message, 'to')).toBe('a@x.org, b@y.org');

    const parts = alternatives(message);
    expect(parts.map((part) => header(part, 'content-type')?.split(';')[0])).toEqual(['text/plain', 'text/html']);
    const text = decodeBody(parts[0]!);
    const html = decodeBody(parts[1]!);
    expect(text).toContain('Topic: Abraham Accords');
    expect(text).toContain('https://news.example.org/kz?id=1&x=2');
    expect(html).toContain('<a href="https://news.example.org/kz?id=1&amp;x=2">');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('keeps a hostile title on a one-line subject and adds no header', async () => {
    const sink = await startSink();
    await notifier(`smtp://127.0.0.1:${sink.port}`).send(alert, {});
    const raw = sink.delivered[0]!.raw;
    const message = parsePart(raw);
    expect(message.headers.get('subject')).toEqual(['[newswatch] Abraham Accords: Big news Bcc: evil@x.org (+1 more)']);
    expect(message.headers.has('bcc')).toBe(false);
    expect(raw.slice(0, raw.indexOf('\r\n\r\n'))).not.toMatch(/(^|\r\n)bcc:/i);
    expect(sink.delivered[0]!.envelope.to).not.toContain('evil@x.org');
  });

  it('leads the subject with a new entity and lists entities and sources in both parts', async () => {
    const sink = await startSink();
    await notifier(`smtp://127.0.0.1:${sink.port}`).send(sampleAlert(), {});
    const message = parsePart(sink.delivered[0]!.raw);
    expect(subjectOf(message)).toBe(
      '[newswatch] Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords',
    );
    for (const part of alternatives(message).map(decodeBody)) {
      expect(part).toContain('Entities: Kazakhstan (new), Israel, United States');
      expect(part).toContain('Sources: The National, Fox News, Reuters');
    }
  });

  it('keeps a hostile entity name out of the headers and the HTML', async () => {
    const sink = await startSink();
    const hostile = sampleAlert({ entities: [{ code: 'XX', name: 'Evil\r\nBcc: evil@x.org <script>', primary: true, new: true }] });
    await notifier(`smtp://127.0.0.1:${sink.port}`).send(hostile, {});
    const raw = sink.delivered[0]!.raw;
    const message = parsePart(raw);
    expect(message.headers.has('bcc')).toBe(false);
    expect(subjectOf(message)).toMatch(/^\[newswatch\] Evil Bcc: evil@x\.org <script> — new in /);
    expect(decodeBody(alternatives(message)[1]!)).not.toMatch(/<script/i);
  });

  it('threads a follow-up under the first message of the story', async () => {
    const sink = await startSink();
    const target = notifier(`smtp://127.0.0.1:${sink.port}`);
    const first = sampleAlert({ id: 'dlv-100' });
    const followUp = sampleAlert({
      id: 'dlv-101',
      update: true,
      threadId: 'dlv-100',
      entities: [{ code: 'KZ', name: 'Kazakhstan', primary: true, new: false }],
      articles: [sampleArticle(), sampleArticle({ title: 'Astana confirms', source: 'Reuters' })],
    });
    await target.send(first, {});
    await target.send(followUp, {});
    await target.send({ ...followUp, id: 'dlv-102' }, {});
    const [root, reply, again] = sink.delivered.map((mail) => parsePart(mail.raw));
    const rootId = header(root!, 'message-id');
    expect(rootId).toBe('<dlv-100@newswatch>');
    expect(header(root!, 'in-reply-to')).toBeUndefined();
    for (const message of [reply!, again!]) {
      expect(header(message, 'in-reply-to')).toBe(rootId);
      expect(header(message, 'references')).toBe(rootId);
      expect(subjectOf(message)).toBe('Re: [newswatch] Abraham Accords membership: Kazakhstan joins the Abraham Accords');
    }
    expect(header(reply!, 'message-id')).toBe('<dlv-101@newswatch>');
  });

  it('keeps the Message-ID when the same alert is sent again', async () => {
    const sink = await startSink();
    const target = notifier(`smtp://127.0.0.1:${sink.port}`);
    await target.send(alert, {});
    await target.send(alert, {});
    expect(sink.delivered.map((mail) => header(parsePart(mail.raw), 'message-id'))).toEqual([
      '<dlv-51c2@newswatch>',
      '<dlv-51c2@newswatch>',
    ]);
  });

  it.each([
    ['RCPT TO', 451, true],
    ['RCPT TO', 550, false],
    ['DATA', 451, true],
    ['DATA', 554, false],
  ] as const)('treats a %s reply of %i as retryable=%s', async (stage, code, retryable) => {
    const rejection = () => smtpError(code, `scripted ${code} rejection`);
    const sink = await startSink(stage === 'DATA' ? { onData: rejection } : { onRcptTo: rejection });
    const error = await failure(notifier(`smtp://127.0.0.1:${sink.port}`).send(alert, {}));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(`${code} scripted ${code} rejection`);
    expect(sink.delivered).toHaveLength(0);
  });

  it('counts a message accepted for some recipients as delivered', async () => {
    const sink = await startSink({ onRcptTo: (address) => (address.address === 'b@y.org' ? smtpError(550, 'no such user') : null) });
    await notifier(`smtp://127.0.0.1:${sink.port}`).send(alert, {});
    expect(sink.delivered.map((mail) => mail.envelope.to)).toEqual([['a@x.org']]);
  });

  it('treats a refused connection as retryable', async () => {
    const port = await startRawServer(() => undefined);
    await cleanups.pop()!();
    const error = await failure(notifier(`smtp://127.0.0.1:${port}`).send(alert, {}));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('gives up on a server that never greets, as retryable', async () => {
    const port = await startRawServer(() => undefined);
    const started = Date.now();
    const error = await failure(notifier(`smtp://127.0.0.1:${port}`, { timeoutMs: 400 }).send(alert, {}));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error.retryable).toBe(true);
  });

  it('treats a connection dropped after DATA as retryable', async () => {
    const port = await startRawServer((socket) => {
      socket.write('220 raw.test ESMTP\r\n');
      let buffered = '';
      let inData = false;
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        if (inData) {
          if (buffered.includes('\r\n.\r\n')) socket.destroy();
          return;
        }
        let end: number;
        while ((end = buffered.indexOf('\r\n')) !== -1) {
          const line = buffered.slice(0, end).toUpperCase();
          buffered = buffered.slice(end + 2);
          if (line.startsWith('EHLO')) socket.write('250 raw.test\r\n');
          else if (line.startsWith('DATA')) {
            inData = true;
            socket.write('354 go ahead\r\n');
            return;
          } else socket.write('250 OK\r\n');
        }
      });
    });
    const error = await failure(notifier(`smtp://127.0.0.1:${port}`).send(alert, {}));
    expect(error.retryable).toBe(true);
  });

  it('stops when the caller aborts, as retryable', async () => {
    const port = await startRawServer(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(notifier(`smtp://127.0.0.1:${port}`).send(alert, { signal: controller.signal }));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/cancelled/);
  });

  it('reports rejected credentials as permanent without showing the password', async () => {
    const sink = await startSink({ onAuth: (auth) => auth.password === 'right-password' });
    const target = notifier(`smtp://alerts:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sink.port}`);
    expect(target.describe()).toBe(`email smtp://alerts:***@127.0.0.1:${sink.port} → a@x.org, b@y.org`);
    const error = await failure(target.send(alert, {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('535');
  });

  it('authenticates with the credentials from the URL', async () => {
    const sink = await startSink({ onAuth: (auth) => auth.username === 'alerts' && auth.password === PASSWORD });
    await notifier(`smtp://alerts:${encodeURIComponent(PASSWORD)}@127.0.0.1:${sink.port}`).send(alert, {});
    expect(sink.delivered).toHaveLength(1);
  });
});
