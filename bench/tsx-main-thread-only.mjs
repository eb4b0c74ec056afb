// Runs a bench's TypeScript file (the first argument) with tsx registered on this
// thread only. `node --import tsx` would hand tsx's loader to every worker thread
// too: compiled code (CDR_BENCH_BUILT=1) would then load dist/ through it in each
// thread (about 0.4 s more start-up and 25 MB more peak RSS for an ingest), which
// `node dist/src/main.js ingest` never does. Workers started from the sources
// register tsx themselves (src/worker-thread.ts).
import { register } from 'tsx/esm/api';

register();
const [entry] = process.argv.splice(2, 1);
if (!entry) throw new Error('usage: node bench/tsx-main-thread-only.mjs FILE.ts [ARGS]');
await import(new URL(entry, `file://${process.cwd()}/`).href);
