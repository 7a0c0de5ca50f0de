import { parseDuration } from '../config/index.js';
import { openStore } from '../store/index.js';
import { configOption, loadCliConfig, parseCommandArgs, printJsonLine, UsageError } from './common.js';
import { storyJson, storyText } from './stories-output.js';

export const listOptions = {
  ...configOption,
  topic: { type: 'string', multiple: true },
  since: { type: 'string' },
  json: { type: 'boolean' },
  limit: { type: 'string', default: '100' },
} as const;

/** `newswatch matches` / `newswatch stories`: stored matches grouped by story, most recently active first. */
export async function matchesCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, listOptions);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  let since: Date | undefined;
  if (values.since) {
    try {
      since = new Date(Date.now() - parseDuration(values.since));
    } catch {
      throw new UsageError(`--since takes a duration such as 24h or 7d, not "${values.since}"`);
    }
  }
  const config = loadCliConfig(values.config);
  const store = await openStore(config.storeUrl);
  try {
    const stories = await store.listStories({ ...(values.topic ? { topicId: values.topic } : {}), ...(since ? { since } : {}), limit });
    for (const story of stories) {
      if (values.json) printJsonLine(storyJson(story));
      else process.stdout.write(storyText(story));
    }
    if (!values.json && stories.length === 0) process.stdout.write('no matches\n');
  } finally {
    await store.close();
  }
  return 0;
}
