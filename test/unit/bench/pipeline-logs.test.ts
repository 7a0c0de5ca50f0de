import { describe, expect, it } from 'vitest';
import { summarizeLogs } from '../../../bench/pipeline-daemon.js';

const line = (time: number, msg: string, extra: Record<string, unknown> = {}) => JSON.stringify({ level: 30, time, msg, ...extra });

describe('summarizeLogs', () => {
  it('counts the alerts delivered after the last feed check, and how long they trail it', () => {
    const text = [
      line(1_000, 'newswatch running'),
      line(1_100, 'feed checked', { items: 50, newArticles: 50, newMatches: 2, deliveries: 2, storeMs: 12 }),
      line(1_150, 'alert delivered', { deliverMs: 3 }),
      line(1_400, 'feed checked', { items: 50, newArticles: 50, newMatches: 1, deliveries: 1, storeMs: 8 }),
      line(1_450, 'alert delivered', { deliverMs: 4 }),
      line(2_650, 'alert delivered', { deliverMs: 5 }),
    ].join('\n');
    const { logs } = summarizeLogs(text);
    expect(logs.feedChecked).toBe(2);
    expect(logs.alertsDelivered).toBe(3);
    expect(logs.drain).toEqual({ alerts: 2, ms: 1_250 });
    expect(logs.timingsMs).toMatchObject({ storeMs: 20, deliverMs: 12 });
  });

  it('has no drain figure for a round without alerts or without fetched feeds', () => {
    expect(summarizeLogs(line(1_100, 'feed checked', { items: 1 })).logs.drain).toBeNull();
    expect(summarizeLogs(line(1_100, 'alert delivered')).logs.drain).toBeNull();
  });
});
