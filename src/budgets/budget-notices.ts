import type { OutgoingMessage, TemplateCatalog } from '../notify/index.js';
import type { BudgetPeriod } from './budget-period.js';
import type { BudgetDirectory, Recipient } from './budget-directory.js';
import type { Budget, SubjectId, Threshold } from './budget-types.js';
import { formatMoney, isLanguage } from '../i18n/index.js';

export interface NoticeFacts {
  budget: Budget;
  subject: SubjectId;
  period: BudgetPeriod;
  threshold: Threshold;
  spentMinor: number;
  allowanceMinor: number;
}

export interface NoticeSettings {
  timeZone: string;
  defaultLanguage: string;
  adminAddresses: readonly string[];
}

/** Context stored with each queued message, handed back with its outcome. */
export interface NoticeContext {
  budgetId: number;
  subject: SubjectId;
  periodKey: string;
  percent: number;
  role: Recipient['role'];
}

/** The template a threshold's notice uses. */
export function noticeTemplate(threshold: Threshold): string {
  if (threshold.lockLines) return 'budget-locked';
  return threshold.percent >= 100 ? 'budget-spent' : 'budget-threshold';
}

/**
 * The e-mails one threshold firing sends: one per address, each in its
 * recipient's language. `missing` says who could not be written to, and why.
 */
export function buildNotices(
  facts: NoticeFacts,
  directory: BudgetDirectory,
  templates: TemplateCatalog,
  settings: NoticeSettings,
): { messages: OutgoingMessage[]; missing: string[] } {
  const { budget, threshold } = facts;
  const { recipients, missing } = directory.people(budget, facts.subject, {
    user: threshold.notifyUser,
    manager: threshold.notifyManager,
  });
  if (threshold.notifyAdmins) {
    if (settings.adminAddresses.length === 0) missing.push('admins: smtp.adminAddresses is empty');
    for (const address of settings.adminAddresses)
      recipients.push({ address, name: address, language: settings.defaultLanguage, role: 'admin' });
  }
  for (const address of threshold.notifyExtra)
    recipients.push({ address, name: address, language: settings.defaultLanguage, role: 'extra' });
  const seen = new Set<string>();
  const messages: OutgoingMessage[] = [];
  const user = directory.subjectName(budget, facts.subject);
  for (const r of recipients) {
    const key = r.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const rendered = templates.render(
      noticeTemplate(threshold),
      r.language,
      noticeValues(facts, r, user, settings.timeZone),
    );
    const context: NoticeContext = {
      budgetId: budget.id,
      subject: facts.subject,
      periodKey: facts.period.key,
      percent: threshold.percent,
      role: r.role,
    };
    messages.push({
      dedupeKey: `budget:${budget.id}:${facts.subject}:${facts.period.key}:${threshold.percent}:${key}`,
      recipient: r.address,
      subject: rendered.subject,
      body: rendered.body,
      origin: 'budget',
      context: { ...context },
    });
  }
  return { messages, missing };
}

function noticeValues(facts: NoticeFacts, r: Recipient, user: string, timeZone: string): Record<string, string> {
  const { budget } = facts;
  // A language the catalogues lack is written in English, so its money is too.
  const lang = isLanguage(r.language) ? r.language : 'en';
  const money = (minor: number) => formatMoney(lang, minor, budget.currency);
  return {
    recipient: r.name,
    user,
    budget: budget.name,
    period: periodLabel(facts.period, r.language, timeZone),
    spent: money(facts.spentMinor),
    remaining: money(Math.max(0, facts.allowanceMinor - facts.spentMinor)),
    amount: money(facts.allowanceMinor),
    percent: String(facts.threshold.percent),
    until: new Intl.DateTimeFormat(r.language, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
      facts.period.end,
    ),
  };
}

/** "14 March 2026", "23–29 Mar 2026", "March 2026", in the reader's language. */
export function periodLabel(period: BudgetPeriod, language: string, timeZone: string): string {
  if (period.kind === 'day')
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(period.start);
  if (period.kind === 'month')
    return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone }).format(period.start);
  const lastInstant = new Date(period.end.getTime() - 1);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone }).formatRange(period.start, lastInstant);
}
