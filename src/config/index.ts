/** Configuration: one zod schema, loaded once by main.ts (docs/style.md §6). */
export { configSchema, type Config } from './config-schema.js';
export { loadConfig, ConfigError, type LoadConfigOptions } from './load-config.js';
export { listSettings, envNameForPath, type SettingDescriptor } from './schema-walk.js';
export { siteSchema, type SiteConfig } from './sites-config-schema.js';
