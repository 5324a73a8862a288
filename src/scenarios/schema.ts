/**
 * Scenario format v1 (docs/scenario-format.md) as a zod 4 schema, with error messages that name
 * the JSON path and say what is wrong (`steps[3].count: expected a positive integer`).
 *
 * Steps are validated one by one against the schema of their op, so an error always points at
 * the step's own field. Every op of format v1 has a schema now; UNSUPPORTED_OPS (empty) stays
 * as the hook for ops a later issue adds, which are rejected with a clear message.
 */
import { z } from 'zod';
import { type SUPPORTED_OPS, UNSUPPORTED_OPS } from '../engine/steps';
import { SCENARIO_TOPICS } from '../engine/about';
import { APIS, ERAS, FIX_IDS, PIN_POLICIES } from '../engine/config';
import { GM_MMU_MODES, GM_RET_NAMES } from '../engine/gmem/types';

export const SCENARIO_FORMAT = 'hmm-lab/scenario@1';

/** Limits that keep every document runnable in a browser. */
export const LIMITS = {
  maxSystemPages: 1 << 20,
  maxDevicePages: 1 << 20,
  maxDevices: 8,
  /** Virtual pages are [0, maxPage). */
  maxPage: 1 << 24,
  maxSteps: 10_000,
  /** Entries of a race step's schedule. */
  maxSchedule: 200,
  maxTitle: 200,
  maxSummary: 4_000,
  maxWatch: 12,
  maxWatchItem: 500,
  maxSource: 200,
} as const;

export const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,15}$/;

const name = z
  .string({ error: 'expected a name (a string)' })
  .regex(NAME_RE, { error: 'expected a name: a letter, then up to 15 letters, digits, _ or -' });
const page = z
  .int({ error: 'expected a page number (an integer)' })
  .min(0, { error: 'expected a page number ≥ 0' })
  .max(LIMITS.maxPage - 1, { error: `expected a page number below ${LIMITS.maxPage}` });
const count = z
  .int({ error: 'expected a positive integer' })
  .min(1, { error: 'expected a positive integer' })
  .max(LIMITS.maxPage, { error: `expected a count of at most ${LIMITS.maxPage}` });
const value = z.int({ error: 'expected an integer value' }).refine(Number.isSafeInteger, {
  error: 'expected a safe integer value',
});
const prot = z.enum(['rw', 'r', 'none'], { error: 'expected "rw", "r" or "none"' });

const range = { page, count };
/** An optional FOLL_* flag (default false). */
const flag = z.boolean({ error: 'expected true or false' }).optional();
const writeValues = {
  value: value.optional(),
  values: z.array(value, { error: 'expected an array of integers' }).optional(),
};

const gmRet = z.enum(GM_RET_NAMES, { error: `expected one of ${GM_RET_NAMES.join(', ')}` });

/** GMEM's KPI (extension, seed 003): docs/scenario-format.md "GMEM". */
const GM_STEP_SCHEMAS = {
  'gm.dev-create': z.strictObject({
    op: z.literal('gm.dev-create'),
    device: name,
    cap: z
      .array(z.enum(['REPLAYABLE', 'PEER'], { error: 'expected "REPLAYABLE" or "PEER"' }), {
        error: 'expected an array of capabilities',
      })
      .max(2, { error: 'expected at most 2 capabilities' })
      .optional(),
  }),
  'gm.dev-destroy': z.strictObject({ op: z.literal('gm.dev-destroy'), device: name }),
  'gm.dev-register-physmem': z.strictObject({
    op: z.literal('gm.dev-register-physmem'),
    device: name,
    ...range,
  }),
  'gm.as-create': z.strictObject({ op: z.literal('gm.as-create'), as: name, ...range }),
  'gm.as-destroy': z.strictObject({ op: z.literal('gm.as-destroy'), as: name }),
  'gm.as-attach': z.strictObject({
    op: z.literal('gm.as-attach'),
    as: name,
    device: name,
    proc: name,
    mode: z.enum(GM_MMU_MODES, { error: `expected one of ${GM_MMU_MODES.join(', ')}` }),
    activate: flag,
  }),
  'gm.dev-fault': z.strictObject({
    op: z.literal('gm.dev-fault'),
    proc: name,
    device: name,
    page,
    hint: z.literal('MARK_HOT', { error: 'expected "MARK_HOT"' }).optional(),
  }),
  'gm.mmu': z.strictObject({
    op: z.literal('gm.mmu'),
    device: name,
    peer_map: gmRet.optional(),
    peer_unmap: gmRet.optional(),
    pmap_create: gmRet.optional(),
  }),
} as const;

/** One schema per supported op (strict: unknown fields are errors). */
export const STEP_SCHEMAS = {
  spawn: z.strictObject({ op: z.literal('spawn'), proc: name }),
  mmap: z.strictObject({
    op: z.literal('mmap'),
    proc: name,
    ...range,
    prot,
    shared: z.boolean({ error: 'expected true or false' }).optional(),
    // Extension (GMEM RFC): MAP_PEER_SHARED.
    peer: z.boolean({ error: 'expected true or false' }).optional(),
  }),
  munmap: z.strictObject({ op: z.literal('munmap'), proc: name, ...range }),
  mprotect: z.strictObject({ op: z.literal('mprotect'), proc: name, ...range, prot }),
  'cpu.read': z.strictObject({ op: z.literal('cpu.read'), proc: name, ...range }),
  'cpu.write': z.strictObject({ op: z.literal('cpu.write'), proc: name, ...range, ...writeValues }),
  exit: z.strictObject({ op: z.literal('exit'), proc: name }),
  fork: z.strictObject({ op: z.literal('fork'), proc: name, child: name }),
  'mirror.open': z.strictObject({
    op: z.literal('mirror.open'),
    proc: name,
    device: name,
    as: name,
  }),
  'mirror.close': z.strictObject({ op: z.literal('mirror.close'), mirror: name }),
  'dev.read': z.strictObject({ op: z.literal('dev.read'), mirror: name, ...range }),
  'dev.write': z.strictObject({
    op: z.literal('dev.write'),
    mirror: name,
    ...range,
    ...writeValues,
  }),
  'dev.migrate': z.strictObject({ op: z.literal('dev.migrate'), mirror: name, ...range }),
  'dev.migrate-back': z.strictObject({ op: z.literal('dev.migrate-back'), mirror: name, ...range }),
  'dev.snapshot': z.strictObject({ op: z.literal('dev.snapshot'), mirror: name, ...range }),
  'dev.release': z.strictObject({ op: z.literal('dev.release'), device: name }),
  'dev.exclusive': z.strictObject({ op: z.literal('dev.exclusive'), mirror: name, ...range }),
  'dev.check-exclusive': z.strictObject({
    op: z.literal('dev.check-exclusive'),
    mirror: name,
    ...range,
  }),
  'gup.get': z.strictObject({
    op: z.literal('gup.get'),
    proc: name,
    ...range,
    write: flag,
    as: name,
  }),
  'gup.pin': z.strictObject({
    op: z.literal('gup.pin'),
    proc: name,
    ...range,
    write: flag,
    longterm: flag,
    as: name,
  }),
  'gup.unpin': z.strictObject({ op: z.literal('gup.unpin'), pin: name }),
  // Extension: madvise(MADV_PAGEOUT / MADV_COLD), the LRU path of domain.md §2.13 (B8).
  madvise: z.strictObject({
    op: z.literal('madvise'),
    proc: name,
    ...range,
    advice: z.enum(['PAGEOUT', 'COLD'], { error: 'expected "PAGEOUT" or "COLD"' }),
  }),
  ...GM_STEP_SCHEMAS,
  race: z.strictObject({
    op: z.literal('race'),
    threads: z
      .array(z.looseObject({ op: z.string({ error: 'expected an op name (a string)' }) }), {
        error: 'expected an array of steps',
      })
      .min(2, { error: 'expected 2 or 3 threads' })
      .max(3, { error: 'expected 2 or 3 threads' }),
    schedule: z
      .array(
        z
          .int({ error: 'expected a thread index' })
          .min(0, { error: 'expected a thread index' })
          .max(2, { error: 'expected a thread index' }),
        {
          error: 'expected an array of thread indices',
        },
      )
      .max(LIMITS.maxSchedule, { error: `expected at most ${LIMITS.maxSchedule} entries` })
      .optional(),
  }),
} as const;

// Every supported op has a schema, and nothing else does.
const _exhaustive: Record<(typeof SUPPORTED_OPS)[number], unknown> = STEP_SCHEMAS;
void _exhaustive;

export type ScenarioStep = z.infer<(typeof STEP_SCHEMAS)[keyof typeof STEP_SCHEMAS]>;

const deviceSpec = z.strictObject({
  name,
  memory: z.enum(['private', 'coherent'], { error: 'expected "private" or "coherent"' }),
  pages: z
    .int({ error: 'expected a positive integer' })
    .min(1, { error: 'expected a positive integer' })
    .max(LIMITS.maxDevicePages, { error: `expected at most ${LIMITS.maxDevicePages} pages` }),
  // Extension: who drives the device — test_hmm through HMM (default) or a GMEM driver.
  driver: z.enum(['hmm', 'gmem'], { error: 'expected "hmm" or "gmem"' }).optional(),
  mmu: z
    .strictObject({
      peer_map: gmRet.optional(),
      peer_unmap: gmRet.optional(),
      pmap_create: gmRet.optional(),
    })
    .optional(),
});

/** The kernel the machine runs (extension): an era of domain.md §0.3 and fix toggles. */
export const KERNEL_SCHEMA = z.strictObject({
  api: z.enum(APIS, { error: `expected one of ${APIS.join(', ')}` }).optional(),
  era: z.enum(ERAS, { error: `expected one of ${ERAS.join(', ')}` }).optional(),
  fixes: z
    .strictObject(
      Object.fromEntries(
        FIX_IDS.map((id) => [id, z.boolean({ error: 'expected true or false' }).optional()]),
      ) as Record<(typeof FIX_IDS)[number], z.ZodOptional<z.ZodBoolean>>,
    )
    .optional(),
  coherentLongtermPinPolicy: z
    .enum(PIN_POLICIES, { error: `expected one of ${PIN_POLICIES.join(', ')}` })
    .optional(),
  gmem: z.boolean({ error: 'expected true (gmem=on) or false' }).optional(),
});

export const MACHINE_SCHEMA = z.strictObject({
  systemPages: z
    .int({ error: 'expected a positive integer' })
    .min(1, { error: 'expected a positive integer' })
    .max(LIMITS.maxSystemPages, { error: `expected at most ${LIMITS.maxSystemPages} pages` }),
  devices: z
    .array(deviceSpec, { error: 'expected an array of devices' })
    .max(LIMITS.maxDevices, { error: `expected at most ${LIMITS.maxDevices} devices` }),
  kernel: KERNEL_SCHEMA.optional(),
});

/** What the reader is told about the scenario (format extension; the engine ignores it). */
export const ABOUT_SCHEMA = z.strictObject({
  topic: z.enum(SCENARIO_TOPICS, { error: `expected one of ${SCENARIO_TOPICS.join(', ')}` }),
  watch: z
    .array(
      z
        .string({ error: 'expected a string' })
        .min(1, { error: 'expected a non-empty string' })
        .max(LIMITS.maxWatchItem, { error: `expected at most ${LIMITS.maxWatchItem} characters` }),
      { error: 'expected an array of strings' },
    )
    .max(LIMITS.maxWatch, { error: `expected at most ${LIMITS.maxWatch} items` })
    .optional(),
  source: z
    .string({ error: 'expected a string' })
    .max(LIMITS.maxSource, { error: `expected at most ${LIMITS.maxSource} characters` })
    .optional(),
  selftest: z
    .string({ error: 'expected a string' })
    .regex(/^[a-z0-9_]+\.[a-z0-9_]+$/, { error: 'expected a selftest name like "hmm.migrate"' })
    .optional(),
});

/** The document without its steps (steps are checked one by one, see load.ts). */
export const DOC_SCHEMA = z.strictObject({
  format: z.literal(SCENARIO_FORMAT, { error: `expected "${SCENARIO_FORMAT}"` }),
  title: z
    .string({ error: 'expected a title (a string)' })
    .min(1, { error: 'expected a non-empty title' })
    .max(LIMITS.maxTitle, { error: `expected at most ${LIMITS.maxTitle} characters` }),
  summary: z
    .string({ error: 'expected a string' })
    .max(LIMITS.maxSummary, { error: `expected at most ${LIMITS.maxSummary} characters` })
    .optional(),
  about: ABOUT_SCHEMA.optional(),
  machine: MACHINE_SCHEMA,
  steps: z
    .array(z.unknown(), { error: 'expected an array of steps' })
    .max(LIMITS.maxSteps, { error: `expected at most ${LIMITS.maxSteps} steps` }),
});

export function isSupportedOp(op: string): op is keyof typeof STEP_SCHEMAS {
  return Object.hasOwn(STEP_SCHEMAS, op);
}

export function isUnsupportedOp(op: string): boolean {
  return (UNSUPPORTED_OPS as readonly string[]).includes(op);
}
