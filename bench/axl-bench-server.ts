// The loopback AXL server of the directory-sync benchmark, in a process of its own so that its
// memory and CPU are not the sync's: N users, each with a phone and a primary line, plus extra
// lines on the first phones (AXL_BENCH_USERS=20000, AXL_BENCH_LINES=30000). Prints one JSON line
// with the URL, credentials and certificate fingerprint, then serves until killed.
// Requests are not schema-validated here (xmllint per request shape is what the tests do).
import { startAxlTestServer, type AxlTestData } from '../test/axl/axl-test-server.js';

const users = Number(process.env.AXL_BENCH_USERS ?? 20_000);
const lines = Number(process.env.AXL_BENCH_LINES ?? 30_000);
const pt = 'PT_Internal';
const data: AxlTestData = { users: [], lines: [], phones: [], sipTrunks: [], h323Gateways: [], gateways: [] };
for (let i = 0; i < users; i++) {
  const userid = `user${String(i).padStart(5, '0')}`;
  const pattern = String(100000 + i);
  data.users.push({
    userid,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    mailid: `${userid}@example.test`,
    department: `Dept ${i % 50}`,
    manager: i % 20 === 0 ? '' : `user${String(i - (i % 20)).padStart(5, '0')}`,
    userLocale: 'English United States',
    primaryExtension: { pattern, routePartitionName: pt },
  });
  data.lines.push({ pattern, routePartitionName: pt, description: `Line of ${userid}` });
  data.phones.push({
    name: `SEP${(0x100000000000 + i).toString(16).toUpperCase()}`,
    model: 'Cisco 8845',
    ownerUserName: userid,
    lines: [{ index: 1, pattern, routePartitionName: pt }],
  });
}
for (let j = 0; j < lines - users; j++) {
  const pattern = String(200000 + j);
  data.lines.push({ pattern, routePartitionName: pt, description: `Shared ${j}` });
  data.phones[j % users]!.lines.push({ index: 2, pattern, routePartitionName: pt });
}
for (let g = 0; g < 20; g++) data.sipTrunks.push({ name: `SIP_TRUNK_${g}` });
const server = await startAxlTestServer({ data, validate: false });
server.maxRows = 100_000;
console.log(
  JSON.stringify({
    url: server.url,
    username: server.username,
    password: server.password,
    fingerprint: server.fingerprint,
  }),
);
