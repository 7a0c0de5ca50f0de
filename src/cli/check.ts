import { checkQueries } from '../match/index.js';
import { createNotifiers } from '../notify/index.js';
import { configOption, loadCliConfig, parseCommandArgs } from './common.js';

/** `newswatch check`: the config and every topic query, all problems at once. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, configOption);
  const config = loadCliConfig(values.config);
  const problems = checkQueries(config.topics).map(({ topicId, error }) => `${config.file}: ${error.format(topicId)}`);
  try {
    createNotifiers(config.notifiers, { userAgent: config.network.userAgent });
  } catch (err) {
    problems.push(`${config.file}: notifiers: ${(err as Error).message}`);
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }
  process.stdout.write(
    `${config.file}: ok — ${config.feeds.length} feeds, ${config.topics.length} topics, ${config.notifiers.length} notifiers\n`,
  );
  return 0;
}
