import { readFileSync } from 'node:fs';
/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) the calling thread has used so far, ms, from
 * Linux's /proc/thread-self/stat; null where that is not available.
 * process.cpuUsage() counts every thread of the process, this one only the caller.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
