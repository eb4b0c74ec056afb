import type { Command } from 'commander';
import { registerAdminCommand } from './admin-command.js';
import { registerAlarmCommand } from './alarm-command.js';
import { registerAuditCommand } from './audit-command.js';
import { registerBudgetCommand } from './budget-command.js';
import type { CliContext } from './cli-context.js';
import { registerConfigCommand } from './config-command.js';
import { registerDirectoryCommand } from './directory-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerLockCommand } from './lock-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerPinCommand } from './pin-command.js';
import { registerRateCommand } from './rate-command.js';
import { registerRerateCommand } from './rerate-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRetentionCommand } from './retention-command.js';
import { registerScheduleCommand } from './schedule-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTariffsCommand } from './tariffs-command.js';

/** Every subcommand of `tollgate`. Each module registers its own from its own file. */
export const commandRegistrations: Array<(program: Command, cli: CliContext) => void> = [
  registerServeCommand,
  registerMigrateCommand,
  registerConfigCommand,
  registerDirectoryCommand,
  registerAdminCommand,
  registerBudgetCommand,
  registerLockCommand,
  registerPinCommand,
  registerRateCommand,
  registerTariffsCommand,
  registerRerateCommand,
  registerReportCommand,
  registerIngestCommand,
  registerAuditCommand,
  registerScheduleCommand,
  registerAlarmCommand,
  registerRetentionCommand,
];
