import { z } from 'zod';

const supervisorGroupSchema = z
  .object({
    group: z.string().min(1).describe('DN of a directory group whose members sign in as supervisors.'),
    departments: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Departments (names, as in Tollgate's directory) those supervisors see; " +
          'empty = the departments the directory names them manager of, else their own department.',
      ),
  })
  .strict();

export const ldapConfigSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Let directory users sign in to the web portal with their LDAP/Active Directory password ' +
          '(after local accounts).',
      ),
    urls: z
      .array(z.string().regex(/^ldaps?:\/\/[^/]+\/?$/, 'an ldap:// or ldaps:// URL: scheme, host and port only'))
      .default([])
      .describe(
        'Directory servers, tried in order: the first that answers is used (e.g. ' +
          'ldaps://dc1.example.com:636, ldaps://dc2.example.com:636).',
      ),
    startTls: z
      .boolean()
      .default(false)
      .describe(
        'Upgrade ldap:// connections with StartTLS before any bind (ldaps:// URLs are TLS from the first byte).',
      ),
    caFile: z
      .string()
      .default('')
      .describe(
        "PEM file of the CA(s) that signed the servers' certificates; empty = the system's trusted " +
          'CAs. Certificates are always verified.',
      ),
    bindDn: z
      .string()
      .default('')
      .describe(
        'Service account that searches for users (e.g. CN=svc-tollgate,OU=Service ' +
          'Accounts,DC=example,DC=com); empty = anonymous search.',
      ),
    bindPassword: z.string().default('').describe('Password of the service account (never logged).'),
    searchBase: z.string().default('').describe('Where users are searched (subtree), e.g. OU=Staff,DC=example,DC=com.'),
    userFilter: z
      .string()
      .refine((f) => f.includes('{{username}}'), 'must contain {{username}}')
      .default('(sAMAccountName={{username}})')
      .describe(
        'Filter that finds one user; {{username}} is replaced by the escaped sign-in name. AD: ' +
          '(sAMAccountName={{username}}) or (userPrincipalName={{username}}); OpenLDAP: (uid={{username}}).',
      ),
    usernameAttribute: z
      .string()
      .default('sAMAccountName')
      .describe(
        "Attribute holding the username matched against Tollgate's directory (sAMAccountName, userPrincipalName, uid).",
      ),
    groups: z
      .object({
        source: z
          .enum(['memberOf', 'search'])
          .default('memberOf')
          .describe(
            "memberOf = read the user's memberOf attribute (AD, OpenLDAP with the memberof " +
              'overlay); search = search groups listing the user (OpenLDAP groupOfNames).',
          ),
        searchBase: z
          .string()
          .default('')
          .describe('Where groups are searched when source is search; empty = searchBase.'),
        searchFilter: z
          .string()
          .default('(member={{dn}})')
          .describe("Filter for the user's groups when source is search; {{dn}} is replaced by the user's escaped DN."),
      })
      .prefault({}),
    adminGroups: z
      .array(z.string().min(1))
      .default([])
      .describe('DNs of groups whose members sign in as administrators.'),
    supervisorGroups: z
      .array(supervisorGroupSchema)
      .default([])
      .describe(
        'Groups whose members sign in as supervisors of the departments given: [{ group: DN, ' +
          'departments: [name, ...] }]. Every other user who binds is a plain user.',
      ),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60000)
      .default(5000)
      .describe('Time allowed to connect to one server and for each directory operation.'),
  })
  .superRefine((ldap, ctx) => {
    if (!ldap.enabled) return;
    if (ldap.urls.length === 0)
      ctx.addIssue({ code: 'custom', path: ['urls'], message: 'at least one URL when ldap.enabled' });
    if (!ldap.searchBase) ctx.addIssue({ code: 'custom', path: ['searchBase'], message: 'required when ldap.enabled' });
  })
  .prefault({});

export type LdapConfig = z.infer<typeof ldapConfigSchema>;
