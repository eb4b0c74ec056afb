// A module is imported only through its index.ts (docs/style.md, "Each feature folder exposes one index.ts").
// Modules: every folder under src/, and the top-level product folders. Files directly in src/ (the kernel's
// clock, composition root and HTTP app) and test/, bench/, scripts/ belong to no module. A module's
// testing/ folder is test support: only tests, benchmarks and other test support may import it.
import path from 'node:path';

const repoRoot = path.dirname(import.meta.dirname);
const topModules = new Set(['curri', 'cdr-collector', 'phone-services', 'tariffs']);

function moduleOf(relative) {
  const parts = relative.split('/');
  if (parts[0] === 'src' && parts.length >= 3) return `src/${parts[1]}`;
  if (topModules.has(parts[0]) && parts.length >= 2) return parts[0];
  return null;
}

function isTestCode(relative) {
  return /\.test\.tsx?$/.test(relative) || /^(test|bench)\//.test(relative) || relative.includes('/testing/');
}

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another module only through its index.ts.' },
    messages: {
      inner: "'{{target}}' is inside module {{module}}: import it through {{module}}/index.js.",
      testing: "'{{target}}' is test support of {{module}}: only tests and benchmarks may import it.",
    },
    schema: [],
  },
  create(context) {
    const file = path.relative(repoRoot, context.filename).split(path.sep).join('/');
    const own = moduleOf(file);
    function check(node) {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path
        .relative(repoRoot, path.resolve(path.dirname(context.filename), spec))
        .split(path.sep)
        .join('/')
        .replace(/\.js$/, '.ts');
      const module = moduleOf(target);
      if (module === null || module === own) return;
      const inside = target.slice(module.length + 1);
      if (/^index\.tsx?$/.test(inside)) return;
      if (inside.startsWith('testing/')) {
        if (!isTestCode(file))
          context.report({ node: node.source, messageId: 'testing', data: { target: spec, module } });
        return;
      }
      context.report({ node: node.source, messageId: 'inner', data: { target: spec, module } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
