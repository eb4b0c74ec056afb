// Preloaded (`node --import`) into a command the bench runs as a user would: at exit it writes the process's peak
// resident memory (getrusage's maxrss, kB) to standard error, where the bench reads it.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
