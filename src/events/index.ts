export { createEventBus, type EventBus } from './event-bus.js';
export type {
  DomainEvents,
  LockKind,
  ChangeChannel,
  LockChangedEvent,
  StoredCallSummary,
  CallDirection,
  CallsStoredEvent,
  BudgetStateChangedEvent,
  CurriAttemptBurstEvent,
  CurriEmergencyCallEvent,
} from './domain-events.js';
