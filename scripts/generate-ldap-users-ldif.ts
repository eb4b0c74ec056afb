/**
 * Writes fixtures/ldap/users.ldif (the LDAP tests' directory): 300 inetOrgPerson users under ou=people and two
 * groupOfNames
 * under ou=groups, all with the password "secret-<uid>". For the directory sync: each user's manager is the first
 * user of their ten (user001 manages user002…user010), a cost centre in businessCategory, and every tenth user an
 * AD ipPhone (5xxx, besides the 4xxx telephoneNumber; fixtures/ldap/ad-attributes.schema). Deterministic (no
 * randomness), so the
 * file only changes when this script does. Run: npx tsx scripts/generate-ldap-users-ldif.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const base = 'dc=tollgate,dc=test';
const given = ['Anna', 'Ben', 'Chloé', 'David', 'Eva', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas'];
const family = ['Meier', 'Schmidt', 'Nowak', 'Dupont', 'Rossi', 'García', 'Yılmaz', 'Khan', 'Berg', 'Lund'];
const departments = ['sales', 'support', 'finance', 'it'];
const languages = ['en', 'de', 'fr', 'pl'];

const uidOf = (i: number) => `user${String(i).padStart(3, '0')}`;
const blocks: string[] = [
  `dn: ${base}\nobjectClass: dcObject\nobjectClass: organization\ndc: tollgate\no: Tollgate Test`,
  `dn: ou=people,${base}\nobjectClass: organizationalUnit\nou: people`,
  `dn: ou=groups,${base}\nobjectClass: organizationalUnit\nou: groups`,
];
for (let i = 1; i <= 300; i++) {
  const uid = uidOf(i);
  const givenName = given[i % given.length]!;
  const sn = family[Math.floor(i / given.length) % family.length]!;
  blocks.push(
    [
      `dn: uid=${uid},ou=people,${base}`,
      'objectClass: inetOrgPerson',
      ...(i % 10 === 0 ? ['objectClass: tollgateAdUser', `ipPhone: ${5000 + i}`] : []),
      `uid: ${uid}`,
      // Non-ASCII values are base64 in LDIF (RFC 2849 §2: SAFE-STRING is ASCII).
      `cn:: ${Buffer.from(`${givenName} ${sn}`).toString('base64')}`,
      `sn:: ${Buffer.from(sn).toString('base64')}`,
      `givenName:: ${Buffer.from(givenName).toString('base64')}`,
      `mail: ${uid}@tollgate.test`,
      `telephoneNumber: ${4000 + i}`,
      `departmentNumber: ${departments[i % departments.length]}`,
      `preferredLanguage: ${languages[i % languages.length]}`,
      `businessCategory: CC${100 + (i % 3)}`,
      ...(i % 10 === 1 ? [] : [`manager: uid=${uidOf(Math.floor((i - 1) / 10) * 10 + 1)},ou=people,${base}`]),
      `userPassword: secret-${uid}`,
    ].join('\n'),
  );
}
const group = (cn: string, members: number[]) =>
  [`dn: cn=${cn},ou=groups,${base}`, 'objectClass: groupOfNames', `cn: ${cn}`]
    .concat(members.map((i) => `member: uid=${uidOf(i)},ou=people,${base}`))
    .join('\n');
blocks.push(group('tollgate-admins', [1]), group('tollgate-supervisors-sales', [2, 4]));

writeFileSync(fileURLToPath(new URL('../fixtures/ldap/users.ldif', import.meta.url)), `${blocks.join('\n\n')}\n`);
