import type { MigrationInterface } from 'typeorm';
import { Directory1763900000000 } from './1763900000000-directory.js';
import { Calls1763900000001 } from './1763900000001-calls.js';
import { Locks1795463987677 } from './1795463987677-locks.js';
import { Budgets1795464327694 } from './1795464327694-budgets.js';
import { CdrCollector1795464368368 } from './1795464368368-cdr-collector.js';
import { CurriDecisions1795464698959 } from './1795464698959-curri-decisions.js';
import { Reports1795464787276 } from './1795464787276-reports.js';
import { CallsUnknownExtension1795470812712 } from './1795470812712-calls-unknown-extension.js';
import { ReportCoverIndexes1795470939815 } from './1795470939815-report-cover-indexes.js';
import { DropRedundantCallIndexes1795480000000 } from './1795480000000-drop-redundant-call-indexes.js';
import { CurriDecisionsTimeLineIndex1795480000001 } from './1795480000001-curri-decisions-time-line-index.js';
import { ChangeFeed1795491000000 } from './1795491000000-change-feed.js';
import { SignInFailures1795493000000 } from './1795493000000-sign-in-failures.js';
import { AuditLog1795493000001 } from './1795493000001-audit-log.js';
import { LineLockActorRole1795493000002 } from './1795493000002-line-lock-actor-role.js';
import { WebPortal1795496000000 } from './1795496000000-web-portal.js';
import { WebAccountGrants1795600000000 } from './1795600000000-web-account-grants.js';
import { UsersNameOrderIndex1795600000001 } from './1795600000001-users-name-order-index.js';
import { WebDashboard1795610000000 } from './1795610000000-web-dashboard.js';
import { Scheduler1795630000000 } from './1795630000000-scheduler.js';
import { OutboxAttachments1795630000001 } from './1795630000001-outbox-attachments.js';
import { Alarms1795640000000 } from './1795640000000-alarms.js';
import { Cluster1795660000000 } from './1795660000000-cluster.js';
import { DirectorySync1795670000000 } from './1795670000000-directory-sync.js';
import { CallsNarrowRow1795680000000 } from './1795680000000-calls-narrow-row.js';
import { RetentionPurges1795680000001 } from './1795680000001-retention-purges.js';
import { CallSummaryRollups1795940000000 } from './1795940000000-call-summary-rollups.js';
import { CallsOwnerDayIndexes1795950000000 } from './1795950000000-calls-owner-day-indexes.js';
import { CallRollupsByLineAndDestination1795970000000 } from './1795970000000-call-rollups-by-line-and-destination.js';
import { RollupUpserts1795990000000 } from './1795990000000-rollup-upserts.js';
import { CallRollupKeyUpserts1796000000000 } from './1796000000000-call-rollup-key-upserts.js';
import { CallTextCodes1796010000000 } from './1796010000000-call-text-codes.js';
import { RollupDepartmentIndexes1796040000000 } from './1796040000000-rollup-department-indexes.js';
import { CallSummariesDepartmentIndex1796040000001 } from './1796040000001-call-summaries-department-index.js';
import { CallsOwnerHourIndexes1796100000000 } from './1796100000000-calls-owner-hour-indexes.js';
import { CompactCurriDecisions1796400000000 } from './1796400000000-compact-curri-decisions.js';
import { CallsNumberHourIndex1796900000000 } from './1796900000000-calls-number-hour-index.js';
import { DetailTextCodes1797000000000 } from './1797000000000-detail-text-codes.js';
import { RatingTextCodes1797100000000 } from './1797100000000-rating-text-codes.js';
import { CallsOwnerHourKeys1797200000000 } from './1797200000000-calls-owner-hour-keys.js';
import { CallsWithoutIngestedAt1797300000000 } from './1797300000000-calls-without-ingested-at.js';
import { CallsWithoutUserHourIndex1797400000000 } from './1797400000000-calls-without-user-hour-index.js';
import { CallsGeneratedColumns1797500000000 } from './1797500000000-calls-generated-columns.js';
import { HistoryRetentionIndexes1797600000000 } from './1797600000000-history-retention-indexes.js';
import { CallsWithoutUnknownExtensionIndex1797700000000 } from './1797700000000-no-unknown-extension-index.js';

/** Every migration, in order. Append new ones; never edit one that has shipped. */
export const migrations: Array<new () => MigrationInterface> = [
  Directory1763900000000,
  Calls1763900000001,
  Locks1795463987677,
  Budgets1795464327694,
  CdrCollector1795464368368,
  CurriDecisions1795464698959,
  Reports1795464787276,
  CallsUnknownExtension1795470812712,
  ReportCoverIndexes1795470939815,
  DropRedundantCallIndexes1795480000000,
  CurriDecisionsTimeLineIndex1795480000001,
  ChangeFeed1795491000000,
  SignInFailures1795493000000,
  AuditLog1795493000001,
  LineLockActorRole1795493000002,
  WebPortal1795496000000,
  WebAccountGrants1795600000000,
  UsersNameOrderIndex1795600000001,
  WebDashboard1795610000000,
  Scheduler1795630000000,
  OutboxAttachments1795630000001,
  Alarms1795640000000,
  Cluster1795660000000,
  DirectorySync1795670000000,
  CallsNarrowRow1795680000000,
  RetentionPurges1795680000001,
  CallSummaryRollups1795940000000,
  CallsOwnerDayIndexes1795950000000,
  CallRollupsByLineAndDestination1795970000000,
  RollupUpserts1795990000000,
  CallRollupKeyUpserts1796000000000,
  CallTextCodes1796010000000,
  RollupDepartmentIndexes1796040000000,
  CallSummariesDepartmentIndex1796040000001,
  CallsOwnerHourIndexes1796100000000,
  CompactCurriDecisions1796400000000,
  CallsNumberHourIndex1796900000000,
  DetailTextCodes1797000000000,
  RatingTextCodes1797100000000,
  CallsOwnerHourKeys1797200000000,
  CallsWithoutIngestedAt1797300000000,
  CallsWithoutUserHourIndex1797400000000,
  CallsGeneratedColumns1797500000000,
  HistoryRetentionIndexes1797600000000,
  CallsWithoutUnknownExtensionIndex1797700000000,
];
