// One log line as the daemon writes it (createLogger: secret fields redacted by
// name, credentials by path) against pino with no redaction, both to /dev/null.
// CURRI logs every denial and pino-http every admin request, so a line's cost
// is paid on the answering thread.
//   npm run bench -- logging
import { pino } from 'pino';
import { createLogger } from '../src/logging/index.js';

const lines = Number(process.env.LOGGING_BENCH_LINES ?? 200_000);
const destination = pino.destination({ dest: '/dev/null', sync: true });
const loggers = {
  'createLogger (redacting)': createLogger({ level: 'info' }, destination).child({ module: 'curri' }),
  'pino, no redaction': pino({ level: 'info', base: { service: 'tollgate' } }, destination).child({ module: 'curri' }),
};

function microsPerLine(log: pino.Logger): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < lines; i++) {
    log.info(
      {
        context: '',
        calling: '2001',
        called: `0331${1_000_000 + i}`,
        outcome: 'deny',
        reason: 'locked-admin',
        lineId: 12,
        us: 120,
      },
      'curri decision',
    );
  }
  return Number(process.hrtime.bigint() - started) / 1000 / lines;
}

for (const round of [1, 2, 3]) {
  const figures = Object.entries(loggers).map(([name, log]) => `${name} ${microsPerLine(log).toFixed(2)} µs/line`);
  console.log(`round ${round}: ${figures.join(', ')}`);
}
