import type { Command } from 'commander';
import { configSchema, listSettings } from '../config/index.js';
import type { CliContext } from './cli-context.js';
import { printableJson } from '../logging/index.js';

/** The settings table in docs/manual/configuration.md is this command's output: `tollgate config doc`. */
export function settingsTableMarkdown(): string {
  const rows = listSettings(configSchema).map((s) => {
    const def = s.defaultValue === undefined ? '' : `\`${JSON.stringify(s.defaultValue)}\``;
    return (
      `| \`${s.path.join('.')}\` | \`${s.envName}\` | ${s.description.replace(/\|/g, '\\|')} | ` +
      `${def.replace(/\|/g, '\\|')} |`
    );
  });
  return ['| setting | environment variable | meaning | default |', '|---|---|---|---|', ...rows].join('\n');
}

/** tollgate.example.yaml: every setting, commented out, nested as YAML, with its meaning and default. */
export function exampleConfigYaml(): string {
  const out = [
    '# Tollgate configuration: every setting with its default, commented out.',
    '# Uncomment what you change. Each can also be set by the environment variable named beside it.',
  ];
  let open: string[] = [];
  for (const s of listSettings(configSchema)) {
    const parents = s.path.slice(0, -1);
    let common = 0;
    while (common < open.length && common < parents.length && open[common] === parents[common]) common += 1;
    for (let depth = common; depth < parents.length; depth += 1) {
      if (depth === 0) out.push('');
      out.push(`# ${'  '.repeat(depth)}${parents[depth]}:`);
    }
    open = parents;
    const indent = '  '.repeat(parents.length);
    out.push(`# ${indent}# ${s.description} (${s.envName})`);
    out.push(`# ${indent}${s.path[s.path.length - 1]}: ${JSON.stringify(s.defaultValue ?? null)}`);
  }
  return `${out.join('\n')}\n`;
}

export function registerConfigCommand(program: Command, cli: CliContext): void {
  const config = program.command('config').description('configuration');
  config
    .command('check')
    .description('validate the configuration and print it (secrets hidden)')
    .action(() => {
      const loaded = cli.config();
      cli.out(
        printableJson(loaded, (key, value: unknown) =>
          /pass|secret|key$/i.test(key) && typeof value === 'string' && value ? '***' : value,
        ),
      );
    });
  config
    .command('doc')
    .description('print the settings table (Markdown) that docs/manual/configuration.md carries')
    .action(() => cli.out(settingsTableMarkdown()));
  config
    .command('example')
    .description('print tollgate.example.yaml: every setting commented, with its default')
    .action(() => cli.out(exampleConfigYaml()));
}
