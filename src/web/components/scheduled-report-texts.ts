/**
 * The catalogue keys of the Scheduled Reports pages' fixed values, spelled out so that each key is found in the
 * code.
 */
export const scheduledReportTexts = {
  done: {
    created: 'scheduledReports.done.created',
    saved: 'scheduledReports.done.saved',
    ran: 'scheduledReports.done.ran',
    paused: 'scheduledReports.done.paused',
    resumed: 'scheduledReports.done.resumed',
    deleted: 'scheduledReports.done.deleted',
  } as Record<string, string>,
  periods: {
    today: 'scheduledReports.periods.today',
    yesterday: 'scheduledReports.periods.yesterday',
    'this-week': 'scheduledReports.periods.this-week',
    'last-week': 'scheduledReports.periods.last-week',
    'this-month': 'scheduledReports.periods.this-month',
    'last-month': 'scheduledReports.periods.last-month',
    'this-year': 'scheduledReports.periods.this-year',
    'last-year': 'scheduledReports.periods.last-year',
    'last-7-days': 'scheduledReports.periods.last-7-days',
    'last-30-days': 'scheduledReports.periods.last-30-days',
  } as Record<string, string>,
  units: {
    minutes: 'scheduledReports.units.minutes',
    hours: 'scheduledReports.units.hours',
    days: 'scheduledReports.units.days',
    weeks: 'scheduledReports.units.weeks',
    months: 'scheduledReports.units.months',
  } as Record<string, string>,
};
