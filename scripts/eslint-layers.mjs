// The folder layering of docs/architecture.md ("Layers"), as a lint rule: a module under src/ may
// import its own folder or a folder of a lower layer, never a higher or a same-level sibling one.
// A new top-level folder must be given a layer here before anything in it lints.
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Lower numbers sit lower: they may be imported by every folder above them.
 * @type {Readonly<Record<string, number>>}
 */
export const LAYERS = {
  core: 0,
  platform: 1,
  store: 2,
  awsconfig: 2,
  sso: 3,
  credentials: 4,
  populate: 4,
  access: 4,
  console: 4,
  adopt: 5,
  exec: 5,
  daemon: 6,
  doctor: 7,
  cli: 8,
  bin: 9,
};

/**
 * The top-level folder under src/ of an absolute path, or undefined outside src/.
 * @param {string} srcRoot
 * @param {string} path
 */
function folderOf(srcRoot, path) {
  const rel = relative(srcRoot, path);
  if (rel.startsWith('..') || !rel.includes(sep)) return undefined;
  return rel.split(sep)[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ folders import only their own or lower layers' },
    schema: [],
  },
  create(context) {
    const srcRoot = resolve(context.cwd, 'src');
    const from = folderOf(srcRoot, context.filename);
    if (from === undefined) return {};
    /**
     * @param {import('eslint').Rule.Node} node
     * @param {unknown} source the import's specifier (not a string when computed)
     */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(srcRoot, resolve(dirname(context.filename), source));
      if (to === undefined || to === from) return;
      const a = LAYERS[from];
      const b = LAYERS[to];
      if (a === undefined || b === undefined) {
        const missing = a === undefined ? from : to;
        context.report({
          node,
          message: `src/${missing} has no layer in scripts/eslint-layers.mjs`,
        });
      } else if (b >= a) {
        context.report({
          node,
          message: `src/${from} (layer ${a}) must not import src/${to} (layer ${b}): move the shared code down`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' && node.source.value),
    };
  },
};

export default { rules: { layers } };
