import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, loadConfigOffThread, resolveConfigPath, type Config } from '../config/index.js';
import { NewswatchError } from '../errors.js';

/** A command's arguments were wrong: print the message and the usage, exit 2. */
export class UsageError extends Error {}

export const configOption = { config: { type: 'string', short: 'c' } } as const;

export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Loads the config named by --config / NEWSWATCH_CONFIG / the default path; config problems go to stderr. */
export function loadCliConfig(cliPath: string | undefined, only?: 'topics'): Config {
  const file = resolveConfigPath(cliPath, process.env);
  return loadConfig(file, { env: process.env, cwd: process.cwd(), ...(only ? { only } : {}) });
}

/** loadCliConfig for the daemon, which lives on: the parser's garbage stays on a thread that exits. */
export function loadCliConfigOffThread(cliPath: string | undefined): Promise<Config> {
  return loadConfigOffThread(resolveConfigPath(cliPath, process.env), { env: process.env, cwd: process.cwd() });
}

/** Whether the config file a command would read exists (commands that can run without one ask first). */
export function configFileExists(cliPath: string | undefined): boolean {
  return existsSync(resolveConfigPath(cliPath, process.env));
}

/** Prints an expected error the way a user should see it; returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`newswatch: ${err.message}\nRun "newswatch --help" for usage.\n`);
    return 2;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  if (err instanceof NewswatchError) {
    process.stderr.write(`newswatch: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`newswatch: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
