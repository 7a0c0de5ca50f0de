import { openStore, type DeliveryView } from '../store/index.js';
import { configOption, loadCliConfig, parseCommandArgs, printJsonLine, UsageError } from './common.js';

/**
 * `newswatch deliveries [--failed] [--json]` lists deliveries with attempts and last error;
 * `newswatch deliveries retry ID...|--all-failed` puts failed ones back to pending (the daemon, or the next
 * `run --once`, sends them: the store is the queue's source of truth).
 */
export async function deliveriesCommand(args: string[]): Promise<number> {
  if (args[0] === 'retry') return retryCommand(args.slice(1));
  const { values } = parseCommandArgs(args, { ...configOption, failed: { type: 'boolean' }, json: { type: 'boolean' }, limit: { type: 'string', default: '100' } });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  const config = loadCliConfig(values.config);
  const store = await openStore(config.storeUrl);
  try {
    const rows = await store.listDeliveries({ ...(values.failed ? { status: 'failed' as const } : {}), limit });
    for (const d of rows) {
      if (values.json) printJsonLine(deliveryJson(d));
      else process.stdout.write(deliveryText(d));
    }
    if (!values.json && rows.length === 0) process.stdout.write(values.failed ? 'no failed deliveries\n' : 'no deliveries\n');
  } finally {
    await store.close();
  }
  return 0;
}

async function retryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...configOption, 'all-failed': { type: 'boolean' } }, true);
  if (!values['all-failed'] && positionals.length === 0) throw new UsageError('deliveries retry takes delivery ids or --all-failed');
  const config = loadCliConfig(values.config);
  const store = await openStore(config.storeUrl);
  try {
    const count = await store.retryFailedDeliveries(values['all-failed'] ? 'all' : positionals, new Date());
    process.stdout.write(`${count} failed deliver${count === 1 ? 'y' : 'ies'} queued again; the running daemon (or the next run --once) sends ${count === 1 ? 'it' : 'them'}\n`);
    return count === 0 && positionals.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

function deliveryJson(d: DeliveryView) {
  return {
    id: d.id,
    notifier: d.notifierId,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
    delivered_at: d.deliveredAt?.toISOString() ?? null,
    update: d.isUpdate,
    topic: d.match.topicId,
    story: d.story?.id ?? null,
    article: { url: d.match.article.url, title: d.match.article.title, source: d.match.article.source },
  };
}

function deliveryText(d: DeliveryView): string {
  const head = `${d.createdAt.toISOString()}  ${d.id}  ${d.notifierId}  ${d.status}  attempts=${d.attempts}${d.isUpdate ? '  (update)' : ''}`;
  const what = `    ${d.match.topicId}: ${d.match.article.title}`;
  return [head, what, ...(d.lastError ? [`    last error: ${d.lastError}`] : [])].join('\n') + '\n';
}
