import { reportError, UsageError } from './common.js';

export const USAGE = `newswatch — watch news feeds for topics and alert once per match

Usage: newswatch <command> [options]

Commands:
  run [--once]                    run the daemon (--once: poll every feed once, deliver, exit)
  check                           validate the config and every topic query; exit 1 on problems
  parse FILE|URL                  print a feed's normalised articles as JSON lines
  match [--topic ID]... INPUT...  dry-run topics against feed files or .jsonl articles
  matches [--topic ID] [--since 24h] [--json] [--limit N]
                                  stored matches grouped by story, most recent first
  stories [--topic ID] [--since 7d] [--json] [--limit N]
                                  the same list: one entry per story with its sources
  feeds [--json]                  each feed's last check, status, error and item count
  feeds import FILE.opml          add the feeds of an OPML file to the config
  deliveries [--failed] [--json]  deliveries with attempts and last error
  deliveries retry ID...|--all-failed
                                  send failed deliveries again
  notify test NOTIFIER_ID         send a sample alert and report the outcome

Options:
  -c, --config FILE               config file (default: $NEWSWATCH_CONFIG or config/newswatch.yaml)
  -h, --help                      show this help
`;

type Command = (args: string[]) => Promise<number>;

// Loaded on demand so `check` or `match` do not pay for BullMQ, SMTP and SQLite start-up.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCommand,
  check: async () => (await import('./check.js')).checkCommand,
  parse: async () => (await import('./parse.js')).parseCommand,
  match: async () => (await import('./match.js')).matchCommand,
  matches: async () => (await import('./matches.js')).matchesCommand,
  stories: async () => (await import('./matches.js')).matchesCommand,
  feeds: async () => (await import('./feeds.js')).feedsCommand,
  deliveries: async () => (await import('./deliveries.js')).deliveriesCommand,
  notify: async () => (await import('./notify.js')).notifyCommand,
};

/** Runs one CLI command and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    return await (await command())(rest);
  } catch (err) {
    return reportError(err);
  }
}
