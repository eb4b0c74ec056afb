import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';

/** Who may ask for decisions on the main (plain HTTP) port; the HTTPS listener has mutual TLS instead. */
export interface CurriClientGate {
  /** True when the request may be served; otherwise the refusal is logged (once a minute per address). */
  admits(req: IncomingMessage): boolean;
}

export interface CurriClientGateSettings {
  /** False: CURRI is served on the HTTPS listener only, and every plain HTTP request is refused. */
  plainHttp: boolean;
  /** Addresses and CIDR ranges (IPv4, IPv6) of the CUCM nodes; empty = any address. */
  allowedClients: readonly string[];
}

const warnEveryMs = 60_000;
/** Past this many refused addresses in a minute, the oldest warnings are forgotten (memory stays bounded). */
const warnedLimit = 10_000;
/** Addresses whose answer is remembered: CUCM's few nodes keep their connections, so this is nearly always a hit. */
const decidedLimit = 1_024;

/**
 * The gate for plain HTTP CURRI requests (curri.md §10: "allow-list [every
 * CallManager node]"). Null when it has nothing to refuse, so that the hot path
 * pays nothing. Node's BlockList matches IPv4 addresses in their IPv6-mapped
 * form (::ffff:10.0.0.1) too, which is how a dual-stack listener reports them.
 */
export function createCurriClientGate(
  settings: CurriClientGateSettings,
  deps: { log: Logger; now: () => number },
): CurriClientGate | null {
  if (settings.plainHttp && settings.allowedClients.length === 0) return null;
  const allowed = new BlockList();
  for (const entry of settings.allowedClients) addEntry(allowed, entry);
  const decided = new Map<string, boolean>();
  const warned = new Map<string, number>();

  const isAllowed = (address: string): boolean => {
    let answer = decided.get(address);
    if (answer === undefined) {
      const family = isIP(address);
      answer = family !== 0 && allowed.check(address, family === 4 ? 'ipv4' : 'ipv6');
      if (decided.size < decidedLimit) decided.set(address, answer);
    }
    return answer;
  };

  const warn = (address: string, reason: string): void => {
    const now = deps.now();
    const last = warned.get(address);
    if (last !== undefined && now - last < warnEveryMs) return;
    if (warned.size >= warnedLimit) {
      for (const [a, at] of warned) if (now - at >= warnEveryMs) warned.delete(a);
      if (warned.size >= warnedLimit) warned.clear();
    }
    warned.set(address, now);
    deps.log.warn({ address }, reason);
  };

  return {
    admits(req) {
      const address = req.socket.remoteAddress ?? '';
      if (!settings.plainHttp) {
        warn(address, 'CURRI: refused a plain HTTP request (curri.plainHttp is false: HTTPS only)');
        return false;
      }
      if (isAllowed(address)) return true;
      warn(address, 'CURRI: refused a client not in curri.allowedClients');
      return false;
    },
  };
}

/** An address or a CIDR range; the configuration schema has validated it already. */
function addEntry(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (slash < 0) list.addAddress(address, type);
  else list.addSubnet(address, Number(entry.slice(slash + 1)), type);
}
