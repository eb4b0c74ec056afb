import path from 'node:path';
import { RuleTester } from 'eslint';
import { parser } from 'typescript-eslint';
import { describe, it } from 'vitest';
// @ts-expect-error: a plain JavaScript ESLint rule without type declarations.
import { moduleBoundaries } from './module-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.dirname(import.meta.dirname);
const at = (file: string) => path.join(root, file);
const tester = new RuleTester({ languageOptions: { parser, ecmaVersion: 2022, sourceType: 'module' } });

tester.run('module-boundaries', moduleBoundaries, {
  valid: [
    { filename: at('src/budgets/budget-engine.ts'), code: "import { x } from '../locks/index.js';" },
    { filename: at('src/budgets/budget-engine.ts'), code: "import { x } from './budget-store.js';" },
    { filename: at('tariffs/rating/rate-call.ts'), code: "import { x } from '../plan/tariff-plan.js';" },
    { filename: at('curri/create-curri.ts'), code: "import type { Clock } from '../src/clock.js';" },
    {
      filename: at('test/budgets/cdr-files.ts'),
      code: "import { x } from '../../cdr-collector/testing/render-cucm-file.js';",
    },
    {
      filename: at('bench/curri.bench.ts'),
      code: "import { x } from '../cdr-collector/testing/generate-cdr-traffic.js';",
    },
    { filename: at('src/compose.ts'), code: "export { x } from './web/index.js';" },
  ],
  invalid: [
    {
      filename: at('src/notify/smtp-mailer.ts'),
      code: "import type { SmtpConfig } from '../config/smtp-config-schema.js';",
      errors: [{ messageId: 'inner' }],
    },
    {
      filename: at('curri/decide-call.ts'),
      code: "export * from '../tariffs/rating/rate-call.js';",
      errors: [{ messageId: 'inner' }],
    },
    {
      filename: at('test/x.int.test.ts'),
      code: "const m = import('../src/locks/lock-store.js');",
      errors: [{ messageId: 'inner' }],
    },
    {
      filename: at('src/cli/ingest-command.ts'),
      code: "import { x } from '../../cdr-collector/testing/write-demo-cdr.js';",
      errors: [{ messageId: 'testing' }],
    },
  ],
});
