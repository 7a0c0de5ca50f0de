import type { DigestSchedule } from '../config/types.js';

/**
 * The digest period that most recently ended at or before `now`. `every` periods are aligned to the Unix epoch
 * (so every process agrees on them); `at` periods run from one local HH:MM in `tz` to the next, across DST.
 */
export function lastDigestPeriod(schedule: DigestSchedule, now: Date): { start: Date; end: Date } {
  if ('everyMs' in schedule) {
    const end = Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs;
    return { start: new Date(end - schedule.everyMs), end: new Date(end) };
  }
  const [hours, minutes] = schedule.at.split(':').map(Number) as [number, number];
  const today = localDate(now, schedule.tz);
  let end = zonedTime(today, hours, minutes, schedule.tz);
  if (end > now.getTime()) end = zonedTime(shiftDays(today, -1), hours, minutes, schedule.tz);
  const start = zonedTime(shiftDays(localDate(new Date(end), schedule.tz), -1), hours, minutes, schedule.tz);
  return { start: new Date(start), end: new Date(end) };
}

type YMD = { y: number; m: number; d: number };

function localDate(at: Date, tz: string): YMD {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

function shiftDays(date: YMD, days: number): YMD {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Epoch ms of a local wall-clock time in `tz` (two passes settle the offset around DST changes). */
function zonedTime(date: YMD, hours: number, minutes: number, tz: string): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d, hours, minutes);
  let guess = wall - offsetMs(new Date(wall), tz);
  guess = wall - offsetMs(new Date(guess), tz);
  return guess;
}

function offsetMs(at: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
