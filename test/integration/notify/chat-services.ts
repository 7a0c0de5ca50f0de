/**
 * Fake Slack, Discord, Telegram and ntfy services on one real HTTP server (127.0.0.1) that check what each real
 * service checks (method, path, content type, body shape and limits) and answer the way it answers, plus notifiers
 * pointed at them. `useChatServices()` starts the server for a test file and resets it before each test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { NotifierConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import { createNotifier, type Notifier } from '../../../src/notify/index.js';
import { startHttpPeer, type HttpPeer, type RecordedRequest } from '../../helpers/http-peers.js';
import { BOT_TOKEN, NO_TEMPLATES, NTFY_TOKEN } from '../../unit/notify/samples.js';

export const SLACK_PATH = '/services/T0001/B0002/abcdefghijklmnopqrstuvwx';
export const DISCORD_PATH = '/api/webhooks/112233445566778899/Zx9-secret-webhook-token-0123456789';
export const NTFY_PATH = '/newswatch-secret-topic-5f4e3d';
export const TELEGRAM_PATH = `/bot${BOT_TOKEN}/sendMessage`;

const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote']);

export const HOSTILE = '<script>alert(1)</script> @everyone <!channel> **bold** [x](javascript:alert(2)) # head';

// --- fake services: each refuses what the real one refuses ---

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function isJsonPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/json');
}

export interface SlackBody {
  text?: string;
  blocks?: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ type: string; text: string }> }>;
}

export function mrkdwnTexts(body: SlackBody): string[] {
  return (body.blocks ?? []).flatMap((block) =>
    [block.text, ...(block.elements ?? [])].filter((text) => text?.type === 'mrkdwn').map((text) => text!.text),
  );
}

function slackService(req: IncomingMessage, res: ServerResponse, raw: string): void {
  if (!isJsonPost(req)) return void res.writeHead(400).end('invalid_payload');
  const body = JSON.parse(raw) as SlackBody;
  if (typeof body.text !== 'string' || body.text === '') return void res.writeHead(400).end('no_text');
  const blocks = body.blocks ?? [];
  const valid =
    blocks.length <= 50 &&
    blocks.every((block) =>
      block.type === 'header'
        ? block.text?.type === 'plain_text' && block.text.text.length > 0 && block.text.text.length <= 150
        : block.type === 'section'
          ? (block.text?.text.length ?? 0) > 0 && (block.text?.text.length ?? 0) <= 3000
          : block.type === 'context' && (block.elements?.length ?? 0) >= 1 && (block.elements?.length ?? 0) <= 10,
    );
  if (!valid) return void res.writeHead(400).end('invalid_blocks');
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
}

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  timestamp?: string;
  footer?: { text: string };
}

function discordService(req: IncomingMessage, res: ServerResponse, raw: string): void {
  if (!isJsonPost(req)) return json(res, 400, { code: 50006, message: 'Cannot send an empty message' });
  const body = JSON.parse(raw) as { content?: string; embeds?: DiscordEmbed[] };
  const embeds = body.embeds ?? [];
  const total = embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
  const valid =
    embeds.length <= 10 &&
    total <= 6000 &&
    (body.content?.length ?? 0) <= 2000 &&
    embeds.every(
      (e) =>
        (e.title?.length ?? 0) <= 256 &&
        (e.description?.length ?? 0) <= 4096 &&
        (e.fields?.length ?? 0) <= 25 &&
        (e.fields ?? []).every((f) => f.name.length > 0 && f.name.length <= 256 && f.value.length > 0 && f.value.length <= 1024) &&
        (e.footer?.text.length ?? 0) <= 2048 &&
        (e.url === undefined || /^https?:\/\//.test(e.url)) &&
        (e.timestamp === undefined || !Number.isNaN(Date.parse(e.timestamp))),
    );
  if (!valid) return json(res, 400, { code: 50035, message: 'Invalid Form Body' });
  res.writeHead(204).end();
}

/** Telegram's HTML parser: only its tags, and every `<` / `&` must start a tag / an entity. */
export function telegramHtmlProblem(text: string): string | null {
  for (const match of text.matchAll(/<(\/?)([^\s>]*)[^>]*>|<|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|&/gi)) {
    const [whole, , name = ''] = match;
    if (whole === '<' || whole === '&') return `Can't find end of the entity starting at byte offset ${match.index}`;
    if (whole.startsWith('<') && !TELEGRAM_TAGS.has(name.toLowerCase())) return `Unsupported start tag "${name}"`;
  }
  return null;
}

function telegramService(req: IncomingMessage, res: ServerResponse, raw: string): void {
  if (!isJsonPost(req)) return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
  const body = JSON.parse(raw) as { chat_id?: string; text?: string; parse_mode?: string };
  if (body.chat_id !== '-1001234567890') {
    return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
  }
  const text = body.text ?? '';
  const problem = body.parse_mode === 'HTML' ? telegramHtmlProblem(text) : null;
  if (problem !== null) {
    return json(res, 400, { ok: false, error_code: 400, description: `Bad Request: can't parse entities: ${problem}` });
  }
  if (text.length === 0 || text.length > 4096) {
    return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message is too long' });
  }
  json(res, 200, { ok: true, result: { message_id: 1, chat: { id: -1001234567890 }, text } });
}

function ntfyService(req: IncomingMessage, res: ServerResponse, raw: string): void {
  if (req.method !== 'POST' && req.method !== 'PUT') return json(res, 405, { code: 40501, error: 'method not allowed' });
  if (req.headers.authorization !== `Bearer ${NTFY_TOKEN}`) return json(res, 403, { code: 40301, error: 'forbidden' });
  json(res, 200, { id: 'abc', time: 1, event: 'message', topic: NTFY_PATH.slice(1), message: raw });
}

// --- notifiers pointed at the fake services ---

/** Decodes one RFC 2047 `=?UTF-8?B?…?=` word, as ntfy does; other values pass through. */
export function decodeWord(value: string): string {
  const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/i.exec(value);
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : value;
}


/** Checks a failed send is a NewswatchError whose message holds no token, and returns it. */
export async function failure(promise: Promise<unknown>): Promise<NewswatchError> {
  const thrown = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(thrown).toBeInstanceOf(NewswatchError);
  const error = thrown as NewswatchError;
  for (const secret of [BOT_TOKEN, BOT_TOKEN.split(':')[1]!, NTFY_TOKEN, 'Zx9-secret-webhook-token-0123456789']) {
    expect(error.message).not.toContain(secret);
  }
  return error;
}

/** The fake services and notifiers pointed at them, for one test file. */
export interface ChatServices {
  readonly peer: HttpPeer;
  notifier(config: NotifierConfig): Notifier;
  slack(): Notifier;
  discord(): Notifier;
  telegram(chatId?: string): Notifier;
  ntfy(): Notifier;
  /** The one request sent. */
  only(): RecordedRequest;
  /** The one request sent, after checking it was a POST of `contentType` to `path`, as each service requires. */
  onlyPost(path: string, contentType?: string): RecordedRequest;
}

/** Starts the fake services for the calling test file (vitest hooks) and resets requests and routes before each test. */
export function useChatServices(): ChatServices {
  let peer: HttpPeer | undefined;
  beforeAll(async () => {
    peer = await startHttpPeer();
  });
  afterAll(async () => {
    await peer?.close();
  });
  beforeEach(() => {
    chat.peer.requests.length = 0;
    chat.peer.route(SLACK_PATH, slackService);
    chat.peer.route(DISCORD_PATH, discordService);
    chat.peer.route(TELEGRAM_PATH, telegramService);
    chat.peer.route(NTFY_PATH, ntfyService);
  });
  const notifier = (config: NotifierConfig): Notifier =>
    createNotifier(config, { userAgent: 'newswatch-test/1.0', timeoutMs: 5_000 });
  const chat: ChatServices = {
    get peer() {
      if (peer === undefined) throw new Error('the chat services start in beforeAll');
      return peer;
    },
    notifier,
    slack: () => notifier({ id: 's', type: 'slack', webhookUrl: `${chat.peer.url}${SLACK_PATH}`, ...NO_TEMPLATES }),
    discord: () => notifier({ id: 'd', type: 'discord', webhookUrl: `${chat.peer.url}${DISCORD_PATH}`, ...NO_TEMPLATES }),
    telegram: (chatId = '-1001234567890') =>
      notifier({ id: 't', type: 'telegram', botToken: BOT_TOKEN, chatId, apiUrl: chat.peer.url, ...NO_TEMPLATES }),
    ntfy: () =>
      notifier({ id: 'n', type: 'ntfy', url: `${chat.peer.url}${NTFY_PATH}`, token: NTFY_TOKEN, priority: 3, ...NO_TEMPLATES }),
    only() {
      expect(chat.peer.requests).toHaveLength(1);
      return chat.peer.requests[0]!;
    },
    onlyPost(path, contentType = 'application/json') {
      const request = chat.only();
      expect(request.method).toBe('POST');
      expect(request.path).toBe(path);
      expect(request.headers['content-type']).toBe(contentType);
      return request;
    },
  };
  return chat;
}
