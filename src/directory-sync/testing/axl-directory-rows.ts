/**
 * AXL rows as the AXL client hands them over (plain objects, each text a string of its own), in the
 * shape of the directory-sync bench's loopback server (bench/axl-bench-server.ts): N users each with
 * a phone and a primary line, extra lines on the first phones, one partition, 50 departments.
 */
export function axlDirectoryRows(users: number, lines: number) {
  const fresh = (text: string): string => (text + ' ').slice(0, -1);
  const pt = 'PT_Internal';
  const user: Array<Record<string, unknown>> = [];
  const line: Array<Record<string, unknown>> = [];
  const phoneLine: Array<Record<string, unknown>> = [];
  const phoneName = (i: number) => `SEP${(0x100000000000 + i).toString(16).toUpperCase()}`;
  for (let i = 0; i < users; i++) {
    const userid = `user${String(i).padStart(5, '0')}`;
    const pattern = String(100000 + i);
    user.push({
      firstName: `First${i}`,
      lastName: `Last${i}`,
      userid,
      mailid: `${userid}@example.test`,
      department: `Dept ${i % 50}`,
      manager: i % 20 === 0 ? '' : `user${String(i - (i % 20)).padStart(5, '0')}`,
      userLocale: fresh('English United States'),
      primaryExtension: { pattern: String(100000 + i), routePartitionName: fresh(pt) },
    });
    line.push({ pattern, description: `Line of ${userid}`, routePartitionName: fresh(pt) });
  }
  for (let j = 0; j < lines - users; j++)
    line.push({ pattern: String(200000 + j), description: `Shared ${j}`, routePartitionName: fresh(pt) });
  for (let i = 0; i < users; i++) {
    const row = (idx: number, pattern: string) => ({
      device: phoneName(i),
      description: '',
      model: fresh('Cisco 8845'),
      owner: `user${String(i).padStart(5, '0')}`,
      idx: String(idx),
      pattern,
      partition: fresh(pt),
    });
    phoneLine.push(row(1, String(100000 + i)));
    for (let j = i; j < lines - users; j += users) phoneLine.push(row(2, String(200000 + j)));
  }
  return { user, line, phoneLine };
}
