import type { Command } from 'commander';
import { auditCli } from './cli-audit.js';
import type { CliContext } from './cli-context.js';
import { readSecret } from './read-secret.js';

async function newPassword(): Promise<string> {
  const first = await readSecret('Password: ');
  if (process.stdin.isTTY && (await readSecret('Again: ')) !== first) throw new Error('the passwords differ');
  return first;
}

export function registerAdminCommand(program: Command, cli: CliContext): void {
  const admin = program.command('admin').description('accounts for the admin web and the SOAP API');
  admin
    .command('create')
    .argument('<username>')
    .option('--role <role>', 'admin or supervisor', 'admin')
    .option('--department <name...>', 'departments a supervisor sees')
    .description('create an account; the password is prompted, or read from standard input')
    .action(async (username: string, opts: { role: string; department?: string[] }) => {
      if (opts.role !== 'admin' && opts.role !== 'supervisor') throw new Error('--role must be admin or supervisor');
      const password = await newPassword();
      const account = await cli.withTollgate(async (t) => {
        const created = await t.adminAccounts.create({
          username,
          password,
          role: opts.role as 'admin' | 'supervisor',
          departments: opts.department ?? [],
        });
        await auditCli(t, 'admin-account.create', created.username, {
          role: created.role,
          departments: created.departments,
        });
        return created;
      });
      cli.out(`created ${account.role} ${account.username}`);
    });
  admin
    .command('passwd')
    .argument('<username>')
    .description("set an account's password (prompted, or from standard input)")
    .action(async (username: string) => {
      const password = await newPassword();
      await cli.withTollgate(async (t) => {
        await t.adminAccounts.setPassword(username, password);
        await auditCli(t, 'admin-account.password', username);
      });
      cli.out(`password changed for ${username}`);
    });
  admin
    .command('list')
    .description('list accounts')
    .action(async () => {
      const accounts = await cli.withTollgate((t) => t.adminAccounts.list());
      for (const a of accounts) cli.out(`${a.username}\t${a.role}\t${a.departments.join(',')}`);
    });
  admin
    .command('remove')
    .argument('<username>')
    .description('remove an account')
    .action(async (username: string) => {
      await cli.withTollgate(async (t) => {
        await t.adminAccounts.remove(username);
        await auditCli(t, 'admin-account.remove', username);
      });
      cli.out(`removed ${username}`);
    });
}
