import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProfile, summarizeProfile } from '../../../bench/pipeline-profile.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: '0' });

/** A root with a feed check, a store query, an alert send, idle and a fetch job; `samples` are node ids, 1 ms each. */
function writeProfile(dir: string, samples: number[]): string {
  const nodes = [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 4, 5, 6] },
    { id: 2, callFrame: frame('checkFeed', 'file:///app/dist/pipeline/check-feed.js') },
    { id: 3, callFrame: frame('executeQuery', 'file:///app/node_modules/kysely/dist/esm/driver.js') },
    { id: 4, callFrame: frame('postOnce', 'file:///app/dist/notify/http-delivery.js') },
    { id: 5, callFrame: frame('(idle)', '') },
    { id: 6, callFrame: frame('processFetchJob', 'file:///app/dist/schedule/scheduler.js') },
  ];
  const file = join(dir, 'main.cpuprofile');
  writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: samples.length * 1000 }));
  return file;
}

describe('pipeline bench: CPU profile summary', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('breaks down what the event loop did after the last feed check', () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-profile-'));
    // start-up (store), feeds, then the tail: deliver, store, the daemon's tick (a fetch job, not a feed), idle,
    // deliver, deliver.
    const summary = summarizeProfile(writeProfile(dir, [3, 2, 3, 2, 4, 3, 6, 5, 4, 4, 5]));
    expect(summary.startupMs).toBe(1);
    // Each sample lasts until the next one: the tail is samples 5-11, the last of which has no duration.
    expect(summary.tail).toEqual({ ms: 6, stages: { deliver: 3, store: 1, queue: 1, idle: 1 } });
    expect(formatProfile(summary)).toContain('after the last feed check: 6 ms of which busy 5 ms: deliver 3 ms (60%), store 1 ms (20%), queue 1 ms (20%), idle 1 ms');
  });

  it('has no tail for a thread that never checked a feed', () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-profile-'));
    expect(summarizeProfile(writeProfile(dir, [3, 4, 5]), 5, { splitStartup: false }).tail).toBeNull();
    expect(summarizeProfile(writeProfile(dir, [3, 4, 5])).tail).toBeNull();
  });
});
