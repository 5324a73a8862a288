/**
 * A built-in HMM-vs-GMEM comparison (issue 8): one workload written twice, once for each
 * framework, as two library scenarios, cut into beats that line their steps up. Each beat says
 * what core mm and the driver do on each side, which driver code paths a real driver must
 * write for it, and what the 2023 thread said about it (domain.md §5.1, seed 002 L123-470).
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const stepList = z.array(z.number().int().nonnegative()).min(1);
const layer = z.strictObject({ core: text(600), driver: text(600) });

/** One quote of the thread: its author, the words (verbatim), the seed line, and why it matters. */
export const debateQuoteSchema = z.strictObject({
  who: text(80),
  /** Verbatim from the seed (quoting `>` markers and line breaks aside). */
  said: text(300),
  /** `002:L387` or `002:L412-413`. */
  where: z.string().regex(/^002:L\d+(-\d+)?$/, 'expected 002:L<line> or 002:L<from>-<to>'),
  /** Which framework the quote argues for (`context` when it argues for neither). */
  stance: z.enum(['gmem', 'hmm', 'context']),
  /** One fair sentence: what the quote means for this beat. */
  point: text(400),
});

export const beatSchema = z.strictObject({
  title: text(120),
  /** Step indices of each side's scenario this beat covers, in order. */
  hmm: stepList,
  gmem: stepList,
  layers: z.strictObject({ hmm: layer, gmem: layer }),
  /** The driver code paths a real driver must implement for this beat, on each side. */
  driverPaths: z.strictObject({ hmm: z.array(text(120)), gmem: z.array(text(120)) }),
  debate: z.array(debateQuoteSchema).optional(),
});

export const comparisonSchema = z.strictObject({
  id: z.string().regex(/^cmp-[a-z0-9-]+$/),
  title: text(200),
  summary: text(2000),
  /** Library scenario ids (file names without .json). */
  hmm: z.string().min(1),
  gmem: z.string().min(1),
  beats: z.array(beatSchema).min(1),
});

export type DebateQuote = z.infer<typeof debateQuoteSchema>;
export type Beat = z.infer<typeof beatSchema>;
export type GmemComparison = z.infer<typeof comparisonSchema>;
