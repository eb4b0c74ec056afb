import type { Threshold } from '../../budgets/index.js';
import { thresholdField, thresholdRows } from '../budget-rules-form.js';
import type { PageContext } from '../page-context.js';

const actions = [
  ['user', 'notifyUser', 'budgetRules.notifyUser'],
  ['manager', 'notifyManager', 'budgetRules.notifyManager'],
  ['admins', 'notifyAdmins', 'budgetRules.notifyAdmins'],
  ['lock', 'lockLines', 'budgetRules.lock'],
] as const;

/**
 * The thresholds (percent, e-mails, lock) and, for a group budget, the excluded members, inside a
 * budget's edit form. Ids are prefixed with the budget's, so every budget's form has its own.
 */
export function BudgetRulesFields(props: {
  ctx: PageContext;
  idPrefix: string;
  thresholds: Threshold[];
  excluded: string[] | null;
}) {
  const { t } = props.ctx;
  const id = (name: string) => `${props.idPrefix}-${name}`;
  return (
    <>
      <input type="hidden" name="thresholds" value="1" />
      <fieldset class="thresholds">
        <legend>{t('budgetRules.thresholds')}</legend>
        <p class="hint">{t('budgetRules.hint')}</p>
        {thresholdRows(props.thresholds).map((row, i) => (
          <fieldset class="threshold">
            <legend>{t('budgetRules.threshold', { n: i + 1 })}</legend>
            <label for={id(thresholdField(i, 'percent'))}>{t('budgetRules.percent')}</label>
            <input
              id={id(thresholdField(i, 'percent'))}
              name={thresholdField(i, 'percent')}
              inputmode="numeric"
              size={5}
              value={row ? String(row.percent) : ''}
            />
            {actions.map(([part, flag, label]) => (
              <label class="check">
                <input type="checkbox" name={thresholdField(i, part)} value="1" checked={row?.[flag] ?? false} />
                {` ${t(label)}`}
              </label>
            ))}
            <label for={id(thresholdField(i, 'emails'))}>{t('budgetRules.emails')}</label>
            <input
              id={id(thresholdField(i, 'emails'))}
              name={thresholdField(i, 'emails')}
              inputmode="email"
              value={row ? row.notifyExtra.join(', ') : ''}
            />
          </fieldset>
        ))}
      </fieldset>
      {props.excluded ? (
        <>
          <input type="hidden" name="exclusions" value="1" />
          <label for={id('exclude')}>{t('budgetRules.exclusions')}</label>
          <input id={id('exclude')} name="exclude" value={props.excluded.join(', ')} />
        </>
      ) : null}
    </>
  );
}
