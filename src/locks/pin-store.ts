import type { DataSource } from 'typeorm';
import { linePinEntity, type LinePinRow } from '../store/index.js';
import type { AttemptCounter } from './pin-attempts.js';

/** Line PIN hashes and brute-force counters. */
export interface PinStore {
  get(lineId: number): Promise<LinePinRow | null>;
  /** Creates the row (default PIN applies) when the line has none yet. */
  saveCounter(lineId: number, counter: AttemptCounter): Promise<void>;
  /** Stores a PIN and clears the counter. `pinHash` null = the configured default PIN. */
  setPin(lineId: number, pin: { pinHash: string | null; isDefault: boolean; changedAt: Date }): Promise<void>;
}

export function createPinStore(dataSource: DataSource): PinStore {
  const repo = () => dataSource.getRepository<LinePinRow>(linePinEntity.options.name);
  return {
    get: (lineId) => repo().findOneBy({ lineId }),
    async saveCounter(lineId, counter) {
      const updated = await repo().update(
        { lineId },
        { failedAttempts: counter.failedAttempts, lockedUntil: counter.lockedUntil },
      );
      if (updated.affected) return;
      await repo().insert({ lineId, pinHash: null, isDefault: true, changedAt: null, ...counter });
    },
    async setPin(lineId, pin) {
      const fields = { ...pin, failedAttempts: 0, lockedUntil: null };
      const updated = await repo().update({ lineId }, fields);
      if (updated.affected) return;
      await repo().insert({ lineId, ...fields });
    },
  };
}
