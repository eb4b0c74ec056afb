// A separate process that stores files through ingestFiles, for the crash test:
// the test kills it (SIGKILL) at random moments and runs it again.
// Usage: node --import tsx ingest-child.ts '{"database":{"url":"sqlite:/x.db"},"files":["…"],"batchSize":500}'
import { pino } from 'pino';
import { configSchema } from '../../src/config/index.js';
import { ingestFiles } from '../ingest-files.js';

const args = JSON.parse(process.argv[2] as string) as {
  database: { url: string; schema?: string };
  files: string[];
  batchSize: number;
};
const config = configSchema.parse({ logging: { level: 'warn' }, cdr: { batchSize: args.batchSize } });
const summary = await ingestFiles(args.files, {
  config,
  database: args.database,
  log: pino({ level: 'warn' }, process.stderr),
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
