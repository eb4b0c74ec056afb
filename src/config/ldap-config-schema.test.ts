import { describe, expect, it } from 'vitest';
import { ldapConfigSchema } from './ldap-config-schema.js';

describe('ldap settings', () => {
  it('are off by default and need no server then', () => {
    expect(ldapConfigSchema.parse(undefined)).toMatchObject({
      enabled: false,
      urls: [],
      userFilter: '(sAMAccountName={{username}})',
    });
  });

  it('refuse being enabled without a server or a search base', () => {
    const result = ldapConfigSchema.safeParse({ enabled: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['searchBase', 'urls']);
  });

  it('refuse a user filter without {{username}} and a URL with a path', () => {
    expect(ldapConfigSchema.safeParse({ userFilter: '(uid=admin)' }).success).toBe(false);
    expect(ldapConfigSchema.safeParse({ urls: ['ldaps://dc1.example.com:636/dc=example'] }).success).toBe(false);
  });
});
