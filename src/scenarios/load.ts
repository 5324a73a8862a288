/**
 * Parse and validate a scenario document: JSON text or a value in, a typed document or a list of
 * errors out. Every error names its JSON path (`steps[3].count: expected a positive integer`).
 *
 * Besides the shape, it checks what a reader would call mistakes before running anything:
 * values/count mismatches, names used before they are defined, devices that are not in the
 * machine, ranges past the last page, unsupported ops.
 */
import { check2015 } from './check2015';
import { checkGmemDoc } from './checkGmem';
import type { z } from 'zod';
import type { ScenarioDoc } from '../engine/trace';
import { RACE_THREAD_OPS, type RaceStep, type SupportedStep } from '../engine/steps';
import { DOC_SCHEMA, LIMITS, STEP_SCHEMAS, isSupportedOp, isUnsupportedOp } from './schema';

export interface ScenarioError {
  /** JSON path, e.g. `steps[3].count` (empty for the whole document). */
  readonly path: string;
  readonly message: string;
}

export type LoadResult =
  | { readonly ok: true; readonly doc: ScenarioDoc }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

/** `['steps', 3, 'count']` → `steps[3].count`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out === '' ? String(k) : `.${String(k)}`;
  }
  return out;
}

/** `steps[3].count: expected a positive integer`. */
export function formatError(e: ScenarioError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function fromIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[],
  input: unknown,
): ScenarioError[] {
  return issues.map((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'unrecognized_keys') {
      const keys = i.keys.map((k) => `"${k}"`).join(', ');
      return {
        path: formatPath(path),
        message: `unknown field${i.keys.length > 1 ? 's' : ''} ${keys}`,
      };
    }
    if (i.path.length > 0 && valueAt(input, i.path) === undefined) {
      return { path: formatPath(path), message: `missing (${i.message})` };
    }
    return { path: formatPath(path), message: i.message };
  });
}

function checkStep(
  step: unknown,
  index: number,
  base: readonly PropertyKey[] = ['steps', index],
): { step?: SupportedStep; errors: ScenarioError[] } {
  const at = formatPath(base);
  if (typeof step !== 'object' || step === null || Array.isArray(step)) {
    return { errors: [{ path: at, message: 'expected an object with an "op"' }] };
  }
  const op = (step as { op?: unknown }).op;
  if (typeof op !== 'string')
    return { errors: [{ path: `${at}.op`, message: 'expected an op name (a string)' }] };
  if (isUnsupportedOp(op)) {
    return {
      errors: [
        {
          path: `${at}.op`,
          message: `"${op}" is not supported yet (it comes with a later issue)`,
        },
      ],
    };
  }
  if (!isSupportedOp(op)) return { errors: [{ path: `${at}.op`, message: `unknown op "${op}"` }] };
  const r = STEP_SCHEMAS[op].safeParse(step);
  if (!r.success) return { errors: fromIssues(r.error.issues, [...base], step) };
  if (op === 'race') return checkRace(r.data as unknown as RaceStep, base);
  return { step: r.data as SupportedStep, errors: [] };
}

/** A race's threads: each a step of an op that can race, one page for the CPU. */
function checkRace(
  race: RaceStep,
  base: readonly PropertyKey[],
): { step?: SupportedStep; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  const threads: SupportedStep[] = [];
  race.threads.forEach((t, k) => {
    const path = [...base, 'threads', k];
    const op = (t as { op: string }).op;
    if (!(RACE_THREAD_OPS as readonly string[]).includes(op)) {
      errors.push({
        path: `${formatPath(path)}.op`,
        message: `"${op}" cannot run in a race (expected one of ${RACE_THREAD_OPS.join(', ')})`,
      });
      return;
    }
    const r = checkStep(t, 0, path);
    errors.push(...r.errors);
    if (r.step === undefined) return;
    if ((op === 'cpu.read' || op === 'cpu.write') && 'count' in r.step && r.step.count !== 1)
      errors.push({
        path: `${formatPath(path)}.count`,
        message: 'a racing CPU access touches one page (count 1)',
      });
    threads.push(r.step);
  });
  (race.schedule ?? []).forEach((t, k) => {
    if (t >= race.threads.length)
      errors.push({
        path: `${formatPath(base)}.schedule[${k}]`,
        message: `no thread ${t} (threads are 0…${race.threads.length - 1})`,
      });
  });
  if (errors.length > 0) return { errors };
  return { step: { ...race, threads }, errors: [] };
}

/** Checks that need the whole document: names, devices, ranges, values. */
function checkSemantics(doc: ScenarioDoc): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const devices = new Set<string>();
  doc.machine.devices.forEach((d, i) => {
    if (devices.has(d.name))
      errors.push({
        path: `machine.devices[${i}].name`,
        message: `duplicate device name "${d.name}"`,
      });
    devices.add(d.name);
  });
  errors.push(...checkKernel(doc), ...check2015(doc), ...checkGmemDoc(doc));
  const procs = new Set<string>();
  const mirrors = new Set<string>();
  const pins = new Set<string>();
  const check = (s: SupportedStep, at: string) => {
    if ('proc' in s && s.op !== 'spawn' && !procs.has(s.proc)) {
      errors.push({
        path: `${at}.proc`,
        message: `unknown process "${s.proc}" (no earlier spawn)`,
      });
    }
    if ('mirror' in s && !mirrors.has(s.mirror)) {
      errors.push({
        path: `${at}.mirror`,
        message: `unknown mirror "${s.mirror}" (no earlier mirror.open)`,
      });
    }
    if ('device' in s && !devices.has(s.device)) {
      errors.push({
        path: `${at}.device`,
        message: `unknown device "${s.device}" (not in machine.devices)`,
      });
    }
    if ('count' in s && s.page + s.count > LIMITS.maxPage) {
      errors.push({ path: `${at}.count`, message: `the range ends past page ${LIMITS.maxPage}` });
    }
    if (s.op === 'cpu.write' || s.op === 'dev.write') {
      if (s.value === undefined && s.values === undefined) {
        errors.push({ path: `${at}.value`, message: 'expected "value" or "values"' });
      } else if (s.value !== undefined && s.values !== undefined) {
        errors.push({ path: `${at}.values`, message: 'expected "value" or "values", not both' });
      } else if (s.values !== undefined && s.values.length !== s.count) {
        errors.push({
          path: `${at}.values`,
          message: `expected ${s.count} values (one per page), got ${s.values.length}`,
        });
      }
    }
    if (s.op === 'spawn') procs.add(s.proc);
    if (s.op === 'fork') procs.add(s.child);
    if (s.op === 'mirror.open') mirrors.add(s.as);
    if (s.op === 'gup.unpin' && !pins.has(s.pin)) {
      errors.push({
        path: `${at}.pin`,
        message: `unknown GUP handle "${s.pin}" (no earlier gup.get or gup.pin)`,
      });
    }
    if (s.op === 'gup.get' || s.op === 'gup.pin') pins.add(s.as);
  };
  doc.steps.forEach((s0, i) => {
    const s = s0 as SupportedStep;
    if (s.op === 'race') s.threads.forEach((t, k) => check(t, `steps[${i}].threads[${k}]`));
    else check(s, `steps[${i}]`);
  });
  return errors;
}

/**
 * Combinations no kernel ever had: eviction needs migrate_device_range (the 2022 series, ERA_C),
 * and device-coherent memory came with v6.0 (ERA_B at the earliest).
 */
function checkKernel(doc: ScenarioDoc): ScenarioError[] {
  const k = doc.machine.kernel;
  const era = k?.era ?? 'ERA_C_FIXED';
  const errors: ScenarioError[] = [];
  if (era !== 'ERA_C_FIXED' && k?.fixes?.FIX_EVICT_ON_RELEASE === true)
    errors.push({
      path: 'machine.kernel.fixes.FIX_EVICT_ON_RELEASE',
      message:
        'eviction uses migrate_device_range, which came with the 2022 fixes (ERA_C_FIXED only)',
    });
  if (era === 'ERA_A_BIASED')
    doc.machine.devices.forEach((d, i) => {
      if (d.memory === 'coherent')
        errors.push({
          path: `machine.devices[${i}].memory`,
          message: 'device-coherent memory came with v6.0: not in ERA_A_BIASED',
        });
    });
  return errors;
}

/** Validates a parsed JSON value. */
export function validateScenario(input: unknown): LoadResult {
  const top = DOC_SCHEMA.safeParse(input);
  if (!top.success) return { ok: false, errors: fromIssues(top.error.issues, [], input) };
  const errors: ScenarioError[] = [];
  const steps: SupportedStep[] = [];
  top.data.steps.forEach((raw, i) => {
    const r = checkStep(raw, i);
    errors.push(...r.errors);
    if (r.step !== undefined) steps.push(r.step);
  });
  if (errors.length > 0) return { ok: false, errors };
  const doc: ScenarioDoc = {
    format: top.data.format,
    title: top.data.title,
    ...(top.data.summary !== undefined ? { summary: top.data.summary } : {}),
    ...(top.data.about !== undefined ? { about: top.data.about } : {}),
    machine: top.data.machine,
    steps,
  };
  const semantic = checkSemantics(doc);
  return semantic.length > 0 ? { ok: false, errors: semantic } : { ok: true, doc };
}

/** Parses JSON text, then validates it. */
export function loadScenario(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '', message: `not valid JSON: ${(e as Error).message}` }],
    };
  }
  return validateScenario(value);
}
