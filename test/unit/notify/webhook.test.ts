import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../../src/notify/deadline.js';
import { buildWebhookBody, parseRetryAfter } from '../../../src/notify/webhook.js';
import type { Alert } from '../../../src/types.js';

describe('buildWebhookBody', () => {
  it('serialises the version-1 keys in snake_case and in order', () => {
    const alert: Alert = {
      id: 'dlv-1',
      topic: { id: 't', name: 'T' },
      articles: [{ url: null, title: 'A', source: 'S', published: null, snippet: '' }],
      matchedTerms: ['x'],
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    expect(buildWebhookBody(alert)).toBe(
      '{"type":"newswatch.alert","version":1,"id":"dlv-1","created_at":"2025-01-01T00:00:00.000Z",' +
        '"topic":{"id":"t","name":"T"},"articles":[{"url":null,"title":"A","source":"S","published":null,"snippet":""}],' +
        '"matched_terms":["x"]}',
    );
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-11-06T12:00:00Z');
  it.each([
    ['2', 2],
    [' 120 ', 120],
    ['0', 0],
    ['Thu, 06 Nov 2025 12:01:30 GMT', 90],
    ['Thu, 06 Nov 2025 11:00:00 GMT', 0],
    ['Thursday, 06-Nov-25 12:00:10 GMT', 10],
    ['Thu Nov  6 12:00:20 2025', 20],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '9'], now)).toBe(3);
  });
});

describe('startDeadline', () => {
  it('aborts at the deadline and says so', async () => {
    const deadline = startDeadline(20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    deadline.dispose();
  });

  it('follows the caller signal, not as a timeout', () => {
    const controller = new AbortController();
    const deadline = startDeadline(10_000, controller.signal);
    controller.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(false);
    deadline.dispose();
  });

  it('leaves no listener on a long-lived caller signal once disposed', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 100; i++) startDeadline(10_000, shutdown.signal).dispose();
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});
