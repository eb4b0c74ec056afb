import type { EntitySchema } from 'typeorm';
import { adminAccountEntity } from './entities/admin-account.entity.js';
import { callEntity } from './entities/call.entity.js';
import { callQualityEntity, cdrFileEntity, cdrRejectEntity } from './entities/cdr.entity.js';
import {
  costCentreEntity,
  departmentEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  lineEntity,
  userEntity,
} from './entities/directory.entity.js';
import { lineLockEntity, linePinEntity, lockHistoryEntity } from './entities/locks.entity.js';
import {
  budgetAdjustmentEntity,
  budgetEntity,
  budgetEventEntity,
  budgetExclusionEntity,
  budgetFiringEntity,
  budgetLineLockEntity,
  budgetPeriodEntity,
  budgetThresholdEntity,
} from './entities/budgets.entity.js';
import { outboxEntity } from './entities/outbox.entity.js';
import { curriDecisionEntity } from './entities/curri-decision.entity.js';
import { savedReportEntity } from './entities/saved-report.entity.js';
import { changeFeedEntity } from './entities/change-feed.entity.js';
import { signInFailureEntity } from './entities/sign-in-failure.entity.js';
import { auditLogEntity } from './entities/audit-log.entity.js';
import { clusterDaemonEntity, clusterLeaseEntity } from './entities/cluster.entity.js';
import { scheduleEntity, scheduleRunEntity } from './entities/schedule.entity.js';
import { outboxAttachmentEntity } from './entities/outbox-attachment.entity.js';
import { dashboardLayoutEntity, reportRunEntity, webAccountEntity, webSessionEntity } from './entities/web.entity.js';
import { alarmEntity, alarmHistoryEntity } from './entities/alarm.entity.js';

/** Every entity the DataSource knows. Modules append theirs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const entities: Array<EntitySchema<any>> = [
  departmentEntity,
  costCentreEntity,
  userEntity,
  lineEntity,
  deviceEntity,
  deviceLineEntity,
  gatewayEntity,
  adminAccountEntity,
  callEntity,
  lineLockEntity,
  lockHistoryEntity,
  linePinEntity,
  budgetEntity,
  budgetExclusionEntity,
  budgetThresholdEntity,
  budgetPeriodEntity,
  budgetFiringEntity,
  budgetAdjustmentEntity,
  budgetLineLockEntity,
  budgetEventEntity,
  outboxEntity,
  cdrFileEntity,
  cdrRejectEntity,
  callQualityEntity,
  curriDecisionEntity,
  savedReportEntity,
  changeFeedEntity,
  signInFailureEntity,
  auditLogEntity,
  webSessionEntity,
  webAccountEntity,
  clusterLeaseEntity,
  clusterDaemonEntity,
  scheduleEntity,
  scheduleRunEntity,
  outboxAttachmentEntity,
  dashboardLayoutEntity,
  reportRunEntity,
  alarmEntity,
  alarmHistoryEntity,
];
