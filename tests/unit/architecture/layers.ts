import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The layers of src/, in the order imports may flow: app → views → machines → engine. */
export type Layer = 'app' | 'views' | 'store' | 'machines' | 'scenarios' | 'url' | 'engine';

/** Which layers each layer may import from (its own layer is always allowed). */
export const ALLOWED_LAYERS: Record<Layer, readonly Layer[]> = {
  app: ['views', 'store', 'machines', 'scenarios', 'url', 'engine'],
  views: ['store', 'machines', 'scenarios', 'url', 'engine'],
  store: ['engine'],
  machines: ['engine', 'scenarios'],
  url: ['scenarios', 'engine'],
  scenarios: ['engine'],
  engine: [],
};

/** Packages a layer must never import: the engine and machines run headless in Node. */
export const FORBIDDEN_PACKAGES: Record<Layer, readonly RegExp[]> = {
  app: [],
  views: [],
  store: [/^react-dom/, /^d3/, /^xstate/, /^@xstate\//],
  machines: [/^react/, /^react-dom/, /^d3/, /^@xstate\/react/, /^zustand/],
  url: [/^react/, /^d3/, /^zustand/, /^xstate/, /^@xstate\//],
  scenarios: [/^react/, /^d3/, /^zustand/, /^xstate/, /^@xstate\//],
  engine: [/^react/, /^d3/, /^zustand/, /^xstate/, /^@xstate\//, /^lz-string/, /^zod/],
};

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a source file imports or re-exports (static and dynamic). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2])!);
  return out;
}

/** The layer of a path under src/, or null for files outside the layers (e.g. src/vite-env.d.ts). */
export function layerOf(srcDir: string, file: string): Layer | null {
  const first = relative(srcDir, file).split(sep)[0];
  return first && first in ALLOWED_LAYERS ? (first as Layer) : null;
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

/** Checks one file's imports against the rules. */
export function checkFile(srcDir: string, file: string, source: string): Violation[] {
  const layer = layerOf(srcDir, file);
  if (!layer) return [];
  const problems: Violation[] = [];
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(srcDir + sep)) {
        problems.push({ file, specifier, reason: `${layer} imports from outside src/` });
        continue;
      }
      const targetLayer = layerOf(srcDir, target);
      if (targetLayer && targetLayer !== layer && !ALLOWED_LAYERS[layer].includes(targetLayer)) {
        problems.push({ file, specifier, reason: `${layer} must not import ${targetLayer}` });
      }
    } else if (FORBIDDEN_PACKAGES[layer].some((re) => re.test(specifier))) {
      problems.push({
        file,
        specifier,
        reason: `${layer} must not import the package ${specifier}`,
      });
    }
  }
  return problems;
}

/** All .ts/.tsx files under a folder. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Checks every file under srcDir. */
export function checkTree(srcDir: string): Violation[] {
  return sourceFiles(srcDir).flatMap((f) => checkFile(srcDir, f, readFileSync(f, 'utf8')));
}
