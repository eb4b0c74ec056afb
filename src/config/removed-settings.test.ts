import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { dropRemovedSettings } from './removed-settings.js';

describe('removed settings', () => {
  it(
    'accepts phone.lockSyncSeconds and curri.directoryRefreshSeconds in a file with a warning ' +
      'each, and drops them',
    () => {
      const raw: Record<string, unknown> = {
        phone: { lockSyncSeconds: 5, push: { enabled: false } },
        curri: { directoryRefreshSeconds: 300 },
      };
      const { warnings } = dropRemovedSettings(raw, {});
      expect(raw).toEqual({ phone: { push: { enabled: false } }, curri: {} });
      expect(warnings).toEqual([
        expect.stringMatching(/^phone\.lockSyncSeconds is no longer used and is ignored: .*change feed.*Remove it/),
        expect.stringMatching(/^curri\.directoryRefreshSeconds is no longer used and is ignored: .*change feed/),
      ]);
    },
  );

  it('loads a configuration that still sets them through the environment, with a warning instead of an error', () => {
    const env = {
      TOLLGATE_PHONE_LOCK_SYNC_SECONDS: '5',
      TOLLGATE_CURRI_DIRECTORY_REFRESH_SECONDS: '300',
      TOLLGATE_CURRI_DEADLINE_MS: '900',
    };
    const { config, warnings } = loadConfig({ defaultFile: '/nonexistent/tollgate.yaml', env });
    expect(config.curri.deadlineMs).toBe(900);
    expect(config.phone).not.toHaveProperty('lockSyncSeconds');
    expect(warnings).toEqual([
      expect.stringMatching(/^TOLLGATE_PHONE_LOCK_SYNC_SECONDS is no longer used/),
      expect.stringMatching(/^TOLLGATE_CURRI_DIRECTORY_REFRESH_SECONDS is no longer used/),
    ]);
  });
});
