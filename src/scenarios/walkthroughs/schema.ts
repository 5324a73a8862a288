/**
 * A walkthrough (issue 9): a scenario cut into chapters for a lecture or for self-study. Each
 * chapter has a short text (safe Markdown, markdown.ts), the micro-steps it covers, and
 * predict-then-reveal checkpoints. A checkpoint never stores its answer: it names a question
 * about the engine's state (query.ts) and the answer is read from the state the micro-step
 * leaves behind — so an engine fix changes the answer, never a stale key.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
/** Scenario names: as the scenario schema's (no ':' — inspect keys split on it). */
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'expected a scenario name');
const page = z
  .number()
  .int()
  .nonnegative()
  .max(1 << 20);

/**
 * A place on the timeline: step `step` (-1 = the initial state), at the `nth` (1-based) micro-step
 * whose kernel function is `fn`; without `fn` its first micro-step, or its last with `end`.
 * Naming the function, not a micro-step number, keeps a walkthrough right when the engine adds
 * a micro-step elsewhere in the step.
 */
export const posSchema = z.strictObject({
  step: z.number().int().min(-1),
  fn: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a kernel function name')
    .optional(),
  nth: z.number().int().positive().optional(),
  end: z.literal(true).optional(),
});

const pteRef = z.strictObject({ proc: name, page });
const dptRef = z.strictObject({ mirror: name, page });

/** One thing drawn on the stage (what a click answer picks). */
export const entitySchema = z.union([
  z.strictObject({ pte: pteRef }),
  z.strictObject({ dpt: dptRef }),
  /** The frame an entry points at (in the state the question is asked in, unless `in`). */
  z.strictObject({
    frameOf: z.union([z.strictObject({ pte: pteRef }), z.strictObject({ dpt: dptRef })]),
    in: z.enum(['before', 'after']).optional(),
  }),
  /** A device's `index`-th page (0-based within its memory). */
  z.strictObject({ devicePage: z.strictObject({ device: name, index: page }) }),
  z.strictObject({ pfn: page }),
]);

const pteCond = z.strictObject({
  kind: z
    .enum(['none', 'present', 'devicePrivate', 'migration', 'deviceExclusive', 'hmm'])
    .optional(),
  write: z.boolean().optional(),
  /** The entry names a device page (ZONE_DEVICE). */
  device: z.boolean().optional(),
});
const dptCond = z.strictObject({
  valid: z.boolean().optional(),
  access: z.enum(['read', 'write', 'atomic']).optional(),
});
const frameCond = z.strictObject({
  zone: z.enum(['normal', 'device']).optional(),
  inUse: z.boolean().optional(),
  pinned: z.boolean().optional(),
  minRefcount: z.number().int().nonnegative().optional(),
});

/**
 * A set of stage entities, chosen by a condition on the state after the micro-step (`where`)
 * and, optionally, on the state before it (`was`): "the entries fork made read-only" is
 * `{pte: {where: {write: false}, was: {write: true}}}`.
 */
export const selectorSchema = z.union([
  z.strictObject({
    ptes: z.strictObject({ proc: name.optional(), where: pteCond, was: pteCond.optional() }),
  }),
  z.strictObject({
    dpts: z.strictObject({ mirror: name.optional(), where: dptCond, was: dptCond.optional() }),
  }),
  z.strictObject({
    frames: z.strictObject({ where: frameCond, was: frameCond.optional() }),
  }),
  z.strictObject({ entities: z.array(entitySchema).min(1).max(64) }),
]);

const frameField = z.enum([
  'refcount',
  'mapcount',
  'pincount',
  'zone',
  'pgmap',
  'value',
  'locked',
  'lru',
  'memory',
]);

/** A value read from the state: a number, a word or a yes/no (see query.ts for each). */
export const querySchema = z.union([
  z.strictObject({ frame: entitySchema, field: frameField }),
  z.strictObject({
    pte: pteRef,
    field: z.enum(['kind', 'write', 'zone', 'where']),
  }),
  z.strictObject({ dpt: dptRef, field: z.enum(['valid', 'access', 'where']) }),
  z.strictObject({ pgmap: name, field: z.enum(['refcount', 'live', 'exists']) }),
  z.strictObject({ device: name, field: z.enum(['nrFree', 'nrAllocated', 'calloc', 'cfree']) }),
  z.strictObject({ mirror: name, field: z.enum(['seq', 'locked']) }),
  z.strictObject({ gup: name, field: z.enum(['exists', 'pages']) }),
  /** The step's result (the step the checkpoint's micro-step belongs to). */
  z.strictObject({
    result: z.enum(['ret', 'errno', 'cpages', 'faults', 'signal', 'ok', 'outcome', 'gm']),
  }),
  z.strictObject({
    gmMapping: z.strictObject({ proc: name, chunk: page }),
    field: z.enum(['flag', 'dev', 'willneed']),
  }),
  z.strictObject({ count: selectorSchema }),
]);

const feedback = text(800);
const answerValue = z.union([z.number(), z.string().max(80), z.boolean()]);

export const askSchema = z.union([
  /** Type a whole number (a refcount, a count of entries, cpages…). */
  z.strictObject({
    kind: z.literal('number'),
    value: querySchema,
    /** Wrong answers the lecture expects, with what each one misunderstands. */
    misconceptions: z
      .array(z.strictObject({ answer: z.number().int(), feedback }))
      .max(8)
      .optional(),
  }),
  /** Pick one option; the right one is the option whose value equals the query's. */
  z.strictObject({
    kind: z.literal('choice'),
    value: querySchema,
    options: z
      .array(
        z.strictObject({ label: text(160), value: answerValue, feedback: feedback.optional() }),
      )
      .min(2)
      .max(6),
  }),
  /** Click the entries or frames on the stage; right when the picked set equals `answer`'s. */
  z.strictObject({
    kind: z.literal('click'),
    answer: selectorSchema,
    /** Feedback when the student is wrong about one entity (picked it wrongly or missed it). */
    misconceptions: z
      .array(z.strictObject({ entity: entitySchema, feedback }))
      .max(8)
      .optional(),
  }),
]);

export const checkpointSchema = z.strictObject({
  /** Unique within the walkthrough: progress is stored by it. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected lower-case letters, digits and -'),
  /** The micro-step whose effect is predicted: asked just before it, answered just after. */
  at: posSchema,
  /** Answer from the state at the end of the micro-step's whole step, not right after it. */
  after: z.enum(['microstep', 'step']).optional(),
  prompt: text(300),
  ask: askSchema,
  /** Said after the answer, right or wrong (safe Markdown). */
  explain: text(1500),
  /** What a wrong answer gets when no misconception matched. */
  wrong: feedback.optional(),
});

export const chapterSchema = z.strictObject({
  title: text(120),
  /** Safe Markdown (markdown.ts): no raw HTML, no images. */
  text: text(4000),
  /** Speaker notes for presenter mode (safe Markdown); the micro-steps' narration follows. */
  notes: text(4000).optional(),
  /** The micro-steps the chapter covers, inclusive. */
  from: posSchema,
  to: posSchema,
  /** The entities under discussion: presenter mode points at them. */
  focus: z.array(entitySchema).max(16).optional(),
  checkpoints: z.array(checkpointSchema).max(12).optional(),
});

export const walkthroughSchema = z.strictObject({
  format: z.literal('hmm-lab/walkthrough@1'),
  id: z.string().regex(/^w[0-9]*-[a-z0-9-]{1,60}$/, 'expected w<n>-words-with-dashes'),
  title: text(200),
  summary: text(1000),
  /** About how long it takes, in minutes. */
  minutes: z.number().int().positive().max(240),
  /** The library scenario it plays (its file name without .json), or the scenario itself. */
  scenario: z.union([z.string().regex(/^[a-z0-9-]{1,80}$/), z.record(z.string(), z.unknown())]),
  chapters: z.array(chapterSchema).min(1).max(30),
});

export type Pos = z.infer<typeof posSchema>;
export type EntityRef = z.infer<typeof entitySchema>;
export type Selector = z.infer<typeof selectorSchema>;
export type Query = z.infer<typeof querySchema>;
export type Ask = z.infer<typeof askSchema>;
export type Checkpoint = z.infer<typeof checkpointSchema>;
export type Chapter = z.infer<typeof chapterSchema>;
export type WalkthroughDoc = z.infer<typeof walkthroughSchema>;
export type AnswerValue = z.infer<typeof answerValue>;
