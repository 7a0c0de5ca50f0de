import { createNotifiers } from '../notify/index.js';
import { openStore } from '../store/index.js';
import type { Alert } from '../types.js';
import { configOption, loadCliConfig, parseCommandArgs, UsageError } from './common.js';

/** `newswatch notify test NOTIFIER_ID`: sends a sample alert and reports the outcome; success re-enables it. */
export async function notifyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'test') throw new UsageError('usage: newswatch notify test NOTIFIER_ID');
  const { values, positionals } = parseCommandArgs(rest, configOption, true);
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new UsageError('notify test takes exactly one NOTIFIER_ID');
  const config = loadCliConfig(values.config);
  const notifier = createNotifiers(config.notifiers, { userAgent: config.network.userAgent }).get(id);
  if (!notifier) throw new UsageError(`unknown notifier "${id}" (the config has: ${config.notifiers.map((n) => n.id).join(', ') || 'none'})`);
  try {
    await notifier.send(sampleAlert(), {});
  } catch (err) {
    const retry = (err as { retryable?: boolean }).retryable;
    process.stderr.write(`${notifier.describe()}: FAILED — ${(err as Error).message}${retry === undefined ? '' : retry ? ' (a retry may help)' : ' (a retry will not help)'}\n`);
    return 1;
  }
  const store = await openStore(config.storeUrl);
  try {
    if (await store.notifierDisabled(id)) {
      await store.enableNotifier(id);
      process.stdout.write(`${id} was disabled; it is enabled again\n`);
    }
  } finally {
    await store.close();
  }
  process.stdout.write(`${notifier.describe()}: sample alert delivered\n`);
  return 0;
}

function sampleAlert(): Alert {
  const now = new Date().toISOString();
  return {
    id: `test-${Date.now()}`,
    topic: { id: 'newswatch-test', name: 'newswatch test alert' },
    story: { id: 'test-story', firstSeen: now, articleCount: 1, sources: ['newswatch'] },
    update: false,
    threadId: null,
    entities: [],
    articles: [
      {
        url: 'https://example.org/newswatch-test',
        title: 'This is a test alert from newswatch',
        source: 'newswatch',
        published: now,
        snippet: 'If you can read this, the notifier works.',
      },
    ],
    matchedTerms: ['test'],
    createdAt: now,
  };
}
