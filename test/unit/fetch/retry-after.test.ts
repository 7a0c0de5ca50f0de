import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/fetch/retry-after.js';

const now = Date.parse('2024-06-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['delay seconds', '120', 120],
    ['zero', '0', 0],
    ['an HTTP date', 'Sat, 01 Jun 2024 12:05:00 GMT', 300],
    ['an HTTP date in the past', 'Sat, 01 Jun 2024 11:00:00 GMT', 0],
    ['more than 24 h of seconds, capped', '999999', 86400],
    ['a date a week ahead, capped', 'Sat, 08 Jun 2024 12:00:00 GMT', 86400],
    ['padding', ' 30 ', 30],
    ['garbage', 'soon', undefined],
    ['a negative number', '-5', undefined],
    ['empty', '', undefined],
    ['absent', null, undefined],
  ])('reads %s', (_name, header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});

describe('parseRetryAfter: the forms notification services send', () => {
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
