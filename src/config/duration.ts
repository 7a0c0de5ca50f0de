/**
 * Human units in the config file. Durations: `500ms`, `30s`, `10m`, `1h`, `1d`, combinations written largest unit
 * first (`1h30m`, `1d12h`), or a plain number of seconds (`90`, `0.5`). Sizes: a number of bytes, or a number with
 * `B`, `KB`, `MB`, `GB` (case-insensitive; `KiB`/`MiB`/`GiB` and `K`/`M`/`G` mean the same) — all 1024-based, so
 * `5MB` is 5 × 1024 × 1024 bytes.
 */
import { NewswatchError } from '../errors.js';

const DURATION_HINT = 'use e.g. "30s", "10m", "1h30m", "1d" or a number of seconds';
const SIZE_HINT = 'use e.g. "512KB", "5MB" or a number of bytes';

const SECONDS = /^\d+(?:\.\d+)?$/;
const COMPOUND = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i;

const UNIT_MS = [86_400_000, 3_600_000, 60_000, 1000, 1] as const;
const SIZE_FACTOR: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses a duration into milliseconds.
 * @throws NewswatchError `CONFIG_INVALID` when the input is not a duration.
 */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return Math.round(input * 1000);
    throw invalid(`not a valid duration: ${input} (${DURATION_HINT})`);
  }
  const text = input.trim();
  if (SECONDS.test(text)) return Math.round(Number(text) * 1000);
  const match = text === '' ? null : COMPOUND.exec(text);
  if (!match) throw invalid(`not a valid duration: ${JSON.stringify(input)} (${DURATION_HINT})`);
  return UNIT_MS.reduce((sum, unitMs, i) => sum + Number(match[i + 1] ?? 0) * unitMs, 0);
}

/**
 * Parses a size into bytes (1024-based units).
 * @throws NewswatchError `CONFIG_INVALID` when the input is not a size.
 */
export function parseSize(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return Math.floor(input);
    throw invalid(`not a valid size: ${input} (${SIZE_HINT})`);
  }
  const match = SIZE.exec(input.trim());
  if (!match) throw invalid(`not a valid size: ${JSON.stringify(input)} (${SIZE_HINT})`);
  const unit = (match[2] ?? 'b').toLowerCase().charAt(0);
  return Math.floor(Number(match[1]) * (SIZE_FACTOR[unit] ?? 1));
}

/** Formats milliseconds the way the config file writes them (`1h30m`, `45s`, `500ms`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units = ['d', 'h', 'm', 's', 'ms'] as const;
  let rest = ms;
  let out = '';
  UNIT_MS.forEach((unitMs, i) => {
    const n = Math.floor(rest / unitMs);
    if (n > 0) out += `${n}${units[i]}`;
    rest -= n * unitMs;
  });
  return out;
}

/** Formats bytes with the largest 1024-based unit that divides them (`5MB`, `1536B`). */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}B`;
}

function invalid(message: string): NewswatchError {
  return new NewswatchError('CONFIG_INVALID', message);
}
