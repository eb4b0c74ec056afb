import { EventSubscriber, type EntitySubscriberInterface, type InsertEvent, type UpdateEvent } from 'typeorm';
import { callCodedColumns, callGeneratedColumns } from '../call-layout/index.js';
import { callEntity } from './entities/call.entity.js';

const TEXTS = [...callCodedColumns, ...callGeneratedColumns].map((c) => c.property as string);

function refuseTexts(values: unknown): void {
  if (!values || typeof values !== 'object') return;
  const found = TEXTS.filter((p) => p in values && (values as Record<string, unknown>)[p] !== undefined);
  if (found.length > 0)
    throw new Error(
      `calls keep ${found.join(', ')} as codes or in stored columns: write them through toStoredCallRows, ` +
        'not as texts through the entity (they would be dropped)',
    );
}

/**
 * Issue 18: the calls row keeps some texts as codes (call-columns.ts, `coded`)
 * and generates others from stored columns (`stored`: the direction from its
 * code), so the entity cannot write those texts and TypeORM would silently drop
 * one handed to it. This listener makes that write fail instead.
 */
export class CodedCallTextGuard implements EntitySubscriberInterface {
  listenTo(): string {
    return callEntity.options.name;
  }

  beforeInsert(event: InsertEvent<unknown>): void {
    refuseTexts(event.entity);
  }

  beforeUpdate(event: UpdateEvent<unknown>): void {
    refuseTexts(event.entity);
  }
}
// TypeORM builds only the subscribers registered as such (the decorator, applied by hand: no decorators here).
EventSubscriber()(CodedCallTextGuard);
