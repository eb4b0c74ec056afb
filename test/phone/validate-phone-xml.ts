import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Cisco's schema (fixtures/cisco/README.md says where it comes from). */
export const ciscoXsdPath = resolve(repoRoot, 'fixtures/cisco/CiscoIPPhone.xsd');

export interface XsdResult {
  valid: boolean;
  errors: string;
}

/** Validates one document with `xmllint --schema` (Debian package libxml2-utils). */
export function validatePhoneXml(xml: string | Buffer): XsdResult {
  if (!existsSync(ciscoXsdPath)) throw new Error(`Cisco XSD not found at ${ciscoXsdPath}`);
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', ciscoXsdPath, '-'], {
    input: xml,
    encoding: 'utf8',
  });
  if (run.error) throw new Error(`xmllint could not run (install libxml2-utils): ${run.error.message}`);
  return { valid: run.status === 0, errors: run.stderr.trim() };
}

/** Throws with xmllint's messages unless the document validates. */
export function expectValidPhoneXml(xml: string | Buffer): void {
  const result = validatePhoneXml(xml);
  if (!result.valid)
    throw new Error(`CiscoIPPhone.xsd validation failed:\n${result.errors}\n--- document ---\n${xml.toString()}`);
}
