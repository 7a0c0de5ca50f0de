export type {
  Config,
  FeedConfig,
  TopicConfig,
  NotifierConfig,
  WebhookNotifierConfig,
  EmailNotifierConfig,
  SlackNotifierConfig,
  DiscordNotifierConfig,
  TelegramNotifierConfig,
  NtfyNotifierConfig,
  NtfyPriority,
  NotifierTemplates,
  NetworkConfig,
  EntitiesConfig,
  NotifierPolicy,
  DigestSchedule,
} from './types.js';
export { DEFAULT_NETWORK_CONFIG, loadConfig, resolveConfigPath } from './load.js';
export { loadConfigOffThread } from './load-off-thread.js';
export type { LoadConfigOptions } from './load.js';
export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { parseDuration, parseSize } from './duration.js';
