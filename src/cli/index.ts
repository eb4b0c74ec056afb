export { commandRegistrations } from './commands.js';
export { createCliContext, type CliContext } from './cli-context.js';
export { listenOnLoopback, serviceUrls } from './serve-command.js';
export { settingsTableMarkdown, exampleConfigYaml } from './config-command.js';
export { runCli } from './run-cli.js';
