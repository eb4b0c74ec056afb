import { escapeFilter } from 'ldapts';

/**
 * Puts values into a filter template (`(uid={{username}})`), each escaped as an RFC 4515 §3
 * assertion value (`*`, `(`, `)`, `\` and NUL become `\2a`…), so that a sign-in name can never
 * widen or rewrite the filter.
 */
export function fillFilterTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? escapeFilter`${values[name]!}` : whole,
  );
}
