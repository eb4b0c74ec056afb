import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * The base URL phones use to reach Tollgate when nothing asks first (pushed
 * notices): http.publicUrl, else the listener's own address, else the first
 * non-loopback IPv4 address of this host.
 */
export function phoneReachableBaseUrl(
  http: { publicUrl: string; host: string; port: number },
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string {
  if (http.publicUrl) return http.publicUrl.replace(/\/+$/, '');
  const wildcard = http.host === '0.0.0.0' || http.host === '::' || http.host === '';
  if (!wildcard) return `http://${http.host.includes(':') ? `[${http.host}]` : http.host}:${http.port}`;
  const address = Object.values(interfaces)
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
  return `http://${address ?? '127.0.0.1'}:${http.port}`;
}
