import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Paths pino masks in every log line: secrets must never reach a log even if a config object is logged whole. */
export const REDACT_PATHS = [
  'secret',
  '*.secret',
  'password',
  '*.password',
  'smtp',
  '*.smtp',
  'headers.authorization',
  '*.headers.authorization',
  'config.notifiers',
];

/** JSON lines on stderr (stdout stays free for command output); human-readable when stderr is a terminal. */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  const opts = { level, redact: { paths: REDACT_PATHS, censor: '***' }, base: { pid: process.pid } };
  if (usePretty) return pino(opts, pretty({ destination: 2, colorize: true, sync: true }));
  return pino(opts, pino.destination({ dest: 2, sync: true }));
}
