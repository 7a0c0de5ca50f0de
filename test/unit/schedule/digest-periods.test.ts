import { describe, expect, it } from 'vitest';
import { lastDigestPeriod } from '../../../src/schedule/digest-periods.js';

describe('lastDigestPeriod', () => {
  it.each([
    ['an hourly digest, mid-hour', { everyMs: 3_600_000 }, '2026-11-24T10:25:00Z', '2026-11-24T09:00:00.000Z', '2026-11-24T10:00:00.000Z'],
    ['an hourly digest, on the hour', { everyMs: 3_600_000 }, '2026-11-24T10:00:00Z', '2026-11-24T09:00:00.000Z', '2026-11-24T10:00:00.000Z'],
    ['08:00 in Almaty (UTC+5), after it', { at: '08:00', tz: 'Asia/Almaty' }, '2026-11-24T04:00:00Z', '2026-11-23T03:00:00.000Z', '2026-11-24T03:00:00.000Z'],
    ['08:00 in Almaty, before it', { at: '08:00', tz: 'Asia/Almaty' }, '2026-11-24T02:00:00Z', '2026-11-22T03:00:00.000Z', '2026-11-23T03:00:00.000Z'],
    ['08:00 UTC', { at: '08:00', tz: 'UTC' }, '2026-11-24T08:00:00Z', '2026-11-23T08:00:00.000Z', '2026-11-24T08:00:00.000Z'],
    ['07:30 in Berlin across the spring DST change', { at: '07:30', tz: 'Europe/Berlin' }, '2026-03-29T09:00:00Z', '2026-03-28T06:30:00.000Z', '2026-03-29T05:30:00.000Z'],
  ])('%s', (_what, schedule, now, start, end) => {
    const period = lastDigestPeriod(schedule, new Date(now));
    expect(period.start.toISOString()).toBe(start);
    expect(period.end.toISOString()).toBe(end);
  });
});
