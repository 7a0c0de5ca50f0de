import { openStore } from '../store/index.js';
import { configOption, loadCliConfig, parseCommandArgs, printJsonLine } from './common.js';

/** `newswatch feeds`: each configured feed's last check, status, error and stored item count. */
export async function feedsCommand(args: string[]): Promise<number> {
  if (args[0] === 'import') return (await import('./feeds-import.js')).feedsImportCommand(args.slice(1));
  const { values } = parseCommandArgs(args, { ...configOption, json: { type: 'boolean' } });
  const config = loadCliConfig(values.config);
  const store = await openStore(config.storeUrl);
  try {
    const states = new Map((await store.listFeeds()).map((s) => [s.id, s]));
    for (const feed of config.feeds) {
      const s = states.get(feed.id);
      const row = {
        id: feed.id,
        url: feed.url,
        enabled: feed.enabled,
        title: s?.title ?? null,
        status: s?.lastStatus ?? 'never checked',
        http_status: s?.lastHttpStatus ?? null,
        last_checked: s?.lastCheckedAt?.toISOString() ?? null,
        next_check: s?.nextCheckAt.toISOString() ?? null,
        consecutive_failures: s?.consecutiveFailures ?? 0,
        health: s?.health ?? 'ok',
        error: s?.lastError ?? null,
        warning: s?.warning ?? null,
        items: s?.itemCount ?? 0,
      };
      if (values.json) printJsonLine(row);
      else
        process.stdout.write(
          `${row.id}  ${!row.enabled ? 'disabled' : row.health === 'gone' ? 'paused (410 Gone)' : row.health === 'unhealthy' ? `UNHEALTHY (${row.consecutive_failures} failures)` : row.status}  items=${row.items}  last=${row.last_checked ?? '-'}  next=${row.next_check ?? '-'}${row.error ? `\n    error: ${row.error}` : ''}${row.warning ? `\n    warning: ${row.warning}` : ''}\n`,
        );
    }
  } finally {
    await store.close();
  }
  return 0;
}
