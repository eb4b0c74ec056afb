import { z } from 'zod';

export const axlVersions = ['11.5', '12.0', '12.5', '14.0', '15.0'] as const;

const ldapSourceSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Sync users from LDAP/Active Directory, with the connection settings of the ldap section (urls, TLS, bind).',
      ),
    searchBase: z
      .string()
      .default('')
      .describe('Where the users to sync are searched (subtree); empty = ldap.searchBase.'),
    filter: z
      .string()
      .default('(objectClass=person)')
      .describe(
        'Which entries are users. AD, enabled accounts only: ' +
          '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))).',
      ),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('Entries per page of the paged search (RFC 2696).'),
    attributes: z
      .object({
        username: z.string().default('').describe('Attribute holding the username; empty = ldap.usernameAttribute.'),
        firstName: z.string().default('givenName').describe('Attribute of the first name.'),
        lastName: z.string().default('sn').describe('Attribute of the last name.'),
        email: z.string().default('mail').describe('Attribute of the e-mail address.'),
        language: z
          .string()
          .default('preferredLanguage')
          .describe('Attribute of the preferred language (de, de-CH, fr…); empty = not synced.'),
        department: z
          .string()
          .default('department')
          .describe(
            'Attribute naming the department (AD: department; OpenLDAP: departmentNumber or ou); empty = not synced.',
          ),
        costCentre: z
          .string()
          .default('')
          .describe('Attribute holding the cost centre code (e.g. extensionAttribute1); empty = not synced.'),
        manager: z
          .string()
          .default('manager')
          .describe("Attribute holding the manager's DN, mapped to the manager's username; empty = not synced."),
        extension: z
          .array(z.string().min(1))
          .default(['ipPhone', 'telephoneNumber'])
          .describe('Attributes holding the extension, tried in order (the first with a value wins).'),
      })
      .prefault({}),
    extensionDigits: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(0)
      .describe(
        'Keep only the last N digits of the extension attribute (+49 89 1234-4001 → 4001 with 4); 0 ' +
          '= the whole number, spaces and dashes removed.',
      ),
    linePartition: z
      .string()
      .default('')
      .describe('Partition of the lines LDAP creates when directorySync.lines is ldap.'),
  })
  .prefault({});

const axlSourceSchema = z
  .object({
    enabled: z
      .boolean()
      .default(false)
      .describe("Sync from CUCM's AXL SOAP API (end users, lines, phones, gateways and trunks)."),
    url: z
      .string()
      .regex(/^(https:\/\/[^/]+\/axl\/?)?$/, 'https://<publisher>:8443/axl/')
      .default('')
      .describe('AXL endpoint of the CUCM publisher, e.g. https://cucm-pub.example.com:8443/axl/.'),
    version: z
      .enum(axlVersions)
      .default('14.0')
      .describe('AXL schema version of the cluster (11.5, 12.0, 12.5, 14.0, 15.0).'),
    username: z
      .string()
      .default('')
      .describe('AXL application user (roles: Standard AXL API Access; see docs/manual/directory-sync.md).'),
    password: z.string().default('').describe('Password of the AXL application user (never logged).'),
    certificateSha256: z
      .string()
      .regex(
        /^([0-9A-Fa-f]{2}(:?[0-9A-Fa-f]{2}){31})?$/,
        'the SHA-256 fingerprint in hex (colons optional), as openssl x509 -fingerprint -sha256 prints it',
      )
      .default('')
      .describe(
        "Pin CUCM's certificate by its SHA-256 fingerprint (self-signed Tomcat certificates); empty " +
          '= verify it against caFile or the system CAs.',
      ),
    caFile: z
      .string()
      .default('')
      .describe(
        "PEM file of the CA that signed CUCM's Tomcat certificate; empty = the system CAs. Ignored " +
          'when certificateSha256 is set.',
      ),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .default(1000)
      .describe('Rows per list request (AXL skip/first paging).'),
    phoneLines: z
      .enum(['sql', 'getPhone'])
      .default('sql')
      .describe(
        "How phones' lines and owners are read: sql = executeSQLQuery on device/devicenumplanmap in " +
          'pages (a few requests for the whole cluster); getPhone = one getPhone per phone (no SQL ' +
          'permission needed, slow on large clusters).',
      ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(8)
      .default(2)
      .describe('getPhone requests in flight at once when phoneLines is getPhone (AXL throttles bursts).'),
    timeoutMs: z.number().int().min(1000).max(600000).default(60000).describe('Time allowed for one AXL request.'),
    retries: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(6)
      .describe('Retries of a throttled (HTTP 503 or throttling fault) or failed request before the sync gives up.'),
    retryDelayMs: z
      .number()
      .int()
      .min(10)
      .max(600000)
      .default(2000)
      .describe('First wait after a throttled request; doubles with each retry (up to 2 minutes).'),
  })
  .superRefine((axl, ctx) => {
    if (!axl.enabled) return;
    if (!axl.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'required when directorySync.axl.enabled' });
    if (!axl.username)
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'required when directorySync.axl.enabled' });
  })
  .prefault({});

export const directorySyncConfigSchema = z
  .object({
    intervalMinutes: z
      .number()
      .int()
      .min(0)
      .max(10080)
      .default(0)
      .describe(
        'Run the enabled sources every N minutes in the daemon (first run N minutes after start); 0 ' +
          '= only on demand (tollgate directory sync).',
      ),
    people: z
      .enum(['ldap', 'axl'])
      .default('ldap')
      .describe(
        'Source that decides which users exist and their names, e-mail, language, department, cost ' +
          'centre and manager; the other fills fields it leaves empty.',
      ),
    lines: z
      .enum(['axl', 'ldap'])
      .default('axl')
      .describe(
        'Source of lines (AXL: directory number + partition, with phones and gateways; LDAP: one ' +
          'line per user from the extension attribute).',
      ),
    ldap: ldapSourceSchema,
    axl: axlSourceSchema,
  })
  .prefault({});

export type DirectorySyncConfig = z.infer<typeof directorySyncConfigSchema>;
export type AxlVersion = (typeof axlVersions)[number];
