/**
 * The feed farm of the pipeline benchmark: N deterministic news feeds written as static files and served on
 * 127.0.0.1 with ETag and Last-Modified — by nginx when it is installed (the way most publishers serve feeds),
 * else by a small Node server with the same conditional-GET rules.
 *
 * Feed f holds the K items with serials [start, start + K), newest first; item (f, s) always has the same text
 * (its own seeded PRNG over the match benchmark's corpus), so "changing" a feed means moving its window: new
 * serials appear on top and the oldest drop off. Every 5th feed is Atom, the rest RSS 2.0. Items are dated within
 * the last ~13 hours, inside the daemon's default 24 h backfill, so their matches alert.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../test/helpers/ports.js';
import { createArticle, createRandom, type Corpus } from './match-corpus.js';

/** Minutes between two consecutive items of a feed. */
const ITEM_SPACING_MIN = 15;
const SECTIONS = ['world', 'politics', 'business', 'technology', 'science', 'europe', 'asia', 'africa', 'americas', 'middle-east'];

export interface FarmRequest {
  /** Epoch ms when the server logged the request. */
  atMs: number;
  status: number;
  path: string;
  userAgent: string;
}

export interface Farm {
  /** `http://127.0.0.1:PORT` of the first host */
  baseUrl: string;
  /** Distinct hosts (ports) the feeds are spread over. */
  hosts: number;
  /** 'nginx' or 'node' */
  server: string;
  feedCount: number;
  feedUrl(feed: number): string;
  /** Moves the window of `share` of the feeds (every round(1/share)-th, from an offset) by `newItems`; returns how many. */
  changeFeeds(share: number, newItems: number, offset: number): number;
  /** Puts every feed back to its first window (a fresh series of rounds). */
  reset(): void;
  /** Whether the server honours If-None-Match / If-Modified-Since (false: every GET is a 200). */
  setValidators(on: boolean): Promise<void>;
  /** Requests logged since the last call (nginx writes its access log as it answers). */
  takeRequests(): FarmRequest[];
  /** Bytes of all feed files. */
  totalBytes(): number;
  stop(): Promise<void>;
}

export interface FarmOptions {
  dir: string;
  feeds: number;
  items: number;
  corpus: Corpus;
  /** The newest item of a fresh feed is published this long before `nowMs`. */
  nowMs: number;
  /** Distinct hosts (one port each on 127.0.0.1) the feeds are spread over. */
  hosts: number;
  preferNode?: boolean;
}

interface FeedState {
  start: number;
  /** Seconds since epoch for the file's mtime: moves forward whenever the feed changes, so validators change. */
  mtimeSec: number;
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));

function slugOf(text: string, words: number): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s]/g, '')
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, words)
    .join('-');
}

interface Channel {
  title: string;
  host: string;
  atom: boolean;
}

function channelOf(corpus: Corpus, feed: number): Channel {
  const random = createRandom(0x6a09e667 ^ Math.imul(feed + 1, 0x9e3779b1));
  const name = corpus.names[Math.floor(random() * corpus.names.length)]!;
  const kind = ['Times', 'Herald', 'Post', 'Observer', 'Daily', 'Tribune', 'News', 'Gazette', 'Wire', 'Chronicle'][feed % 10]!;
  const title = `The ${name} ${kind}`;
  const host = `www.${slugOf(name, 2) || `outlet${feed}`}-${feed}.example`;
  return { title, host, atom: feed % 5 === 4 };
}

interface Item {
  title: string;
  link: string;
  guid: string;
  published: Date;
  html: string;
  section: string;
}

function itemOf(corpus: Corpus, channel: Channel, feed: number, serial: number, items: number, epochMs: number): Item {
  const random = createRandom(0x3c6ef372 ^ Math.imul(feed + 1, 0x85ebca6b) ^ Math.imul(serial + 1, 0xc2b2ae35));
  const article = createArticle(corpus, random);
  const section = SECTIONS[Math.floor(random() * SECTIONS.length)]!;
  // Serial items-1 is the newest of a fresh feed; serials past it (changed feeds) are newer still.
  const published = new Date(epochMs - (items - 1 - serial) * ITEM_SPACING_MIN * 60_000 - (feed % 13) * 60_000);
  const day = published.toISOString().slice(0, 10).replace(/-/g, '/');
  const link = `https://${channel.host}/${section}/${day}/${slugOf(article.title, 7)}-${serial}`;
  // A lead and zero to two more paragraphs, with a link or two: what feeds put in <description>.
  const paragraphs = article.content.split('\n\n');
  const extra = Math.floor(random() * 3);
  const related = `https://${channel.host}/${SECTIONS[(serial + feed) % SECTIONS.length]}/${slugOf(paragraphs[0]!, 4)}-${serial - 1}`;
  const parts = [`<p>${escapeXml(article.summary)}</p>`];
  for (let p = 0; p < extra; p++) parts.push(`<p>${escapeXml(paragraphs[p]!)}</p>`);
  parts.push(`<p>Read more: <a href="${escapeXml(related)}">related coverage</a> · <a href="${escapeXml(link)}">full story</a></p>`);
  return {
    title: article.title,
    link,
    guid: channel.atom ? `tag:${channel.host},2025:${feed}-${serial}` : link,
    published,
    html: parts.join('\n'),
    section,
  };
}

/** The feed document for a window of serials, newest first. */
export function renderFeed(corpus: Corpus, feed: number, start: number, items: number, epochMs: number): string {
  const channel = channelOf(corpus, feed);
  const list: Item[] = [];
  for (let s = start + items - 1; s >= start; s--) list.push(itemOf(corpus, channel, feed, s, items, epochMs));
  const updated = list[0]?.published ?? new Date(epochMs);
  if (channel.atom) {
    const entries = list.map(
      (i) => `  <entry>
    <title type="html">${escapeXml(escapeXml(i.title))}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(i.link)}"/>
    <id>${escapeXml(i.guid)}</id>
    <published>${i.published.toISOString()}</published>
    <updated>${i.published.toISOString()}</updated>
    <category term="${i.section}"/>
    <summary type="html">${escapeXml(i.html)}</summary>
  </entry>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(channel.title)}</title>
  <link rel="alternate" href="https://${channel.host}/"/>
  <id>https://${channel.host}/</id>
  <updated>${updated.toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
  }
  const entries = list.map(
    (i) => `    <item>
      <title>${escapeXml(i.title)}</title>
      <link>${escapeXml(i.link)}</link>
      <guid isPermaLink="true">${escapeXml(i.guid)}</guid>
      <pubDate>${i.published.toUTCString()}</pubDate>
      <category>${i.section}</category>
      <description><![CDATA[${i.html}]]></description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(channel.title)}</title>
    <link>https://${channel.host}/</link>
    <description>Latest news from ${escapeXml(channel.title)}</description>
    <language>en</language>
    <lastBuildDate>${updated.toUTCString()}</lastBuildDate>
${entries.join('\n')}
  </channel>
</rss>
`;
}

const fileName = (feed: number): string => `feed-${String(feed).padStart(5, '0')}.xml`;

function nginxAvailable(): boolean {
  return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}

function nginxConf(dir: string, root: string, ports: readonly number[], validators: boolean): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 4096; }
http {
  types { application/rss+xml xml; }
  default_type application/octet-stream;
  log_format farm '$msec $status $request_uri "$http_user_agent"';
  access_log ${dir}/access.log farm buffer=64k flush=100ms;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  sendfile on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  server {
${ports.map((port) => `    listen 127.0.0.1:${port} backlog=4096;`).join('\n')}
    root ${root};
    etag ${validators ? 'on' : 'off'};
    if_modified_since ${validators ? 'exact' : 'off'};
  }
}
`;
}

/** Starts nginx in the foreground (`daemon off`) on `ports` and waits until it answers. */
async function startNginx(dir: string, root: string, ports: readonly number[], validators: boolean): Promise<ChildProcess> {
  const port = ports[0]!;
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf(dir, root, ports, validators));
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}: ${stderr.trim()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/${fileName(0)}`, { method: 'HEAD' });
      if (res.status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not answer within 5 s: ${stderr.trim()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // SIGQUIT: nginx's graceful stop (flushes the access log buffer).
    child.kill('SIGQUIT');
  });
}

/** nginx's validators: ETag "<mtime hex>-<size hex>", Last-Modified from the mtime; same rules as nginx's exact mode. */
async function startNodeServers(root: string, ports: readonly number[], state: { validators: boolean }, log: FarmRequest[]): Promise<Server[]> {
  const servers: Server[] = [];
  for (const port of ports) servers.push(await startNodeServer(root, port, state, log));
  return servers;
}

function startNodeServer(root: string, port: number, state: { validators: boolean }, log: FarmRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const ua = req.headers['user-agent'] ?? '-';
    const done = (status: number) => log.push({ atMs: Date.now(), status, path, userAgent: ua });
    if (!/^\/feed-\d+\.xml$/.test(path)) {
      res.writeHead(404).end();
      done(404);
      return;
    }
    let body: Buffer;
    let mtime: Date;
    try {
      body = readFileSync(join(root, path));
      mtime = statSync(join(root, path)).mtime;
    } catch {
      res.writeHead(404).end();
      done(404);
      return;
    }
    const seconds = Math.floor(mtime.getTime() / 1000);
    const lastModified = new Date(seconds * 1000).toUTCString();
    const headers: Record<string, string> = { 'content-type': 'application/rss+xml', 'last-modified': lastModified };
    if (state.validators) {
      const etag = `"${seconds.toString(16)}-${body.length.toString(16)}"`;
      headers.etag = etag;
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      const notModified = inm !== undefined ? inm.split(/\s*,\s*/).includes(etag) || inm === '*' : ims === lastModified;
      if (notModified) {
        res.writeHead(304, headers).end();
        done(304);
        return;
      }
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers).end(body);
    done(200);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', 4096, () => resolve(server)));
}

/** Writes the farm's files and starts its server. */
export async function startFarm(options: FarmOptions): Promise<Farm> {
  const { dir, feeds, items, corpus } = options;
  const root = join(dir, 'feeds');
  mkdirSync(root, { recursive: true });
  const epochMs = options.nowMs - 45 * 60_000;
  const baseMtimeSec = Math.floor(options.nowMs / 1000) - 3600;
  const states: FeedState[] = [];
  const write = (feed: number) => {
    const state = states[feed]!;
    const text = renderFeed(corpus, feed, state.start, items, epochMs);
    const file = join(root, fileName(feed));
    writeFileSync(file, text);
    utimesSync(file, state.mtimeSec, state.mtimeSec);
  };
  for (let f = 0; f < feeds; f++) {
    states.push({ start: 0, mtimeSec: baseMtimeSec });
    write(f);
  }
  const sizes = (): number => states.reduce((sum, _s, f) => sum + statSync(join(root, fileName(f))).size, 0);

  // One port per host: newswatch is polite per host (2 requests in flight, 1 s between two starts), so a farm on
  // one port would measure that rule, not the pipeline. Feed f is on host f mod H.
  const ports: number[] = [];
  while (ports.length < Math.min(options.hosts, feeds)) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const portOf = (feed: number) => ports[feed % ports.length]!;
  const useNginx = !options.preferNode && nginxAvailable();
  const nodeLog: FarmRequest[] = [];
  const nodeState = { validators: true };
  let nginx: ChildProcess | null = null;
  let servers: Server[] = [];
  let logOffset = 0;
  const accessLog = join(dir, 'access.log');
  if (useNginx) {
    for (const t of ['tmp-body', 'tmp-proxy', 'tmp-fastcgi', 'tmp-uwsgi', 'tmp-scgi']) mkdirSync(join(dir, t), { recursive: true });
    writeFileSync(accessLog, '');
    nginx = await startNginx(dir, root, ports, true);
  } else {
    servers = await startNodeServers(root, ports, nodeState, nodeLog);
  }

  const readAccessLog = (): FarmRequest[] => {
    let size: number;
    try {
      size = statSync(accessLog).size;
    } catch {
      return [];
    }
    if (size <= logOffset) return [];
    const fd = openSync(accessLog, 'r');
    const buffer = Buffer.alloc(size - logOffset);
    readSync(fd, buffer, 0, buffer.length, logOffset);
    closeSync(fd);
    const text = buffer.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    logOffset += Buffer.byteLength(text.slice(0, complete));
    const out: FarmRequest[] = [];
    for (const line of text.slice(0, complete).split('\n')) {
      const m = /^(\d+\.\d+) (\d+) (\S+) "(.*)"$/.exec(line);
      if (m) out.push({ atMs: Number(m[1]) * 1000, status: Number(m[2]), path: m[3]!, userAgent: m[4]! });
    }
    return out;
  };

  return {
    baseUrl: `http://127.0.0.1:${ports[0]}`,
    hosts: ports.length,
    server: useNginx ? 'nginx' : 'node',
    feedCount: feeds,
    feedUrl: (feed) => `http://127.0.0.1:${portOf(feed)}/${fileName(feed)}`,
    changeFeeds(share, newItems, offset) {
      const every = Math.max(1, Math.round(1 / share));
      let changed = 0;
      for (let f = offset % every; f < feeds; f += every) {
        const state = states[f]!;
        state.start += newItems;
        // Forward by a minute per change, so nginx's ETag (mtime-size) and Last-Modified both move.
        state.mtimeSec += 60;
        write(f);
        changed++;
      }
      return changed;
    },
    reset() {
      for (const [f, state] of states.entries()) {
        if (state.start === 0) continue;
        state.start = 0;
        state.mtimeSec += 60;
        write(f);
      }
    },
    async setValidators(on) {
      if (nginx) {
        // The access log of the old instance is flushed on its graceful stop; keep reading from where we were.
        await stopChild(nginx);
        nginx = await startNginx(dir, root, ports, on);
      } else {
        nodeState.validators = on;
      }
    },
    takeRequests() {
      if (!nginx) return nodeLog.splice(0, nodeLog.length);
      return readAccessLog();
    },
    totalBytes: sizes,
    async stop() {
      if (nginx) await stopChild(nginx);
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
