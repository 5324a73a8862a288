/**
 * The built-in HMM-vs-GMEM comparisons: every JSON document in this folder, checked against the
 * schema when the module loads (a broken document is a build-time mistake, and the unit tests
 * load this module). Imported lazily, with the compare pages.
 */
import { z } from 'zod';
import { type GmemComparison, comparisonSchema } from './schema';

export type { Beat, DebateQuote, GmemComparison } from './schema';

const files = import.meta.glob<unknown>('./*.json', { eager: true, import: 'default' });

function parse(path: string, raw: unknown): GmemComparison {
  const r = comparisonSchema.safeParse(raw);
  if (!r.success) throw new Error(`${path}: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** In file-name order (cmp-alloc… first: the one to start with). */
export const COMPARISONS: readonly GmemComparison[] = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, raw]) => parse(path, raw));

export const comparisonById = (id: string): GmemComparison | undefined =>
  COMPARISONS.find((c) => c.id === id);

export { comparisonHref } from './route';
