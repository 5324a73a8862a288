/** Scenario validation: clear errors naming the JSON path; the embedded default scenario. */
import { describe, expect, test } from 'vitest';
import defaultDoc from '../../../src/scenarios/default.json';
import { formatError, loadScenario, validateScenario } from '../../../src/scenarios/load';
import { runScenario } from '../../../src/engine/index';

const base = () => ({
  format: 'hmm-lab/scenario@1',
  title: 't',
  machine: { systemPages: 8, devices: [{ name: 'dev0', memory: 'private', pages: 4 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.read', mirror: 'm0', page: 0, count: 2 },
  ] as Record<string, unknown>[],
});

function errors(doc: unknown): string[] {
  const r = validateScenario(doc);
  return r.ok ? [] : r.errors.map(formatError);
}

describe('scenario validation', () => {
  test('a valid document loads into engine steps', () => {
    const r = validateScenario(base());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.doc.steps[3]).toEqual({ op: 'dev.read', mirror: 'm0', page: 0, count: 2 });
  });

  test('a bad count names its path', () => {
    const d = base();
    d.steps[3] = { op: 'dev.read', mirror: 'm0', page: 0, count: 0 };
    expect(errors(d)).toEqual(['steps[3].count: expected a positive integer']);
    d.steps[3] = { op: 'dev.read', mirror: 'm0', page: 0, count: 1.5 };
    expect(errors(d)).toEqual(['steps[3].count: expected a positive integer']);
  });

  test('missing and unknown fields, unknown ops, bad names', () => {
    const d = base();
    d.steps[1] = { op: 'mmap', proc: 'A', page: 0, count: 2 };
    expect(errors(d)[0]).toMatch(/^steps\[1\]\.prot: missing/);
    d.steps[1] = { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw', color: 'red' };
    expect(errors(d)).toEqual(['steps[1]: unknown field "color"']);
    d.steps[1] = { op: 'teleport' };
    expect(errors(d)).toEqual(['steps[1].op: unknown op "teleport"']);
    d.steps[1] = { op: 'spawn', proc: '9lives' };
    expect(errors(d)[0]).toMatch(/^steps\[1\]\.proc: expected a name/);
    d.steps[1] = { op: 'spawn', proc: 'x'.repeat(17) };
    expect(errors(d)[0]).toMatch(/^steps\[1\]\.proc: expected a name/);
  });

  test('GUP and device-exclusive steps: strict fields, path-named errors, handles', () => {
    const d = base();
    d.steps.push(
      { op: 'gup.pin', proc: 'A', page: 0, count: 2, write: true, longterm: true, as: 'p' },
      { op: 'gup.get', proc: 'A', page: 0, count: 1, as: 'g' },
      { op: 'gup.unpin', pin: 'p' },
      { op: 'dev.exclusive', mirror: 'm0', page: 0, count: 2 },
      { op: 'dev.check-exclusive', mirror: 'm0', page: 0, count: 2 },
    );
    expect(validateScenario(d).ok).toBe(true);
    const bad = base();
    bad.steps.push(
      { op: 'gup.get', proc: 'A', page: 0, count: 1, longterm: true, as: 'g' },
      { op: 'gup.pin', proc: 'A', page: 0, count: 1, write: 'yes', as: 'p' },
      { op: 'gup.unpin', pin: 'nope' },
      { op: 'dev.exclusive', mirror: 'm0', page: 0 },
    );
    expect(errors(bad)).toEqual([
      'steps[4]: unknown field "longterm"',
      'steps[5].write: expected true or false',
      'steps[7].count: missing (expected a positive integer)',
    ]);
    const unknownPin = base();
    unknownPin.steps.push({ op: 'gup.unpin', pin: 'nope' });
    expect(errors(unknownPin)).toEqual([
      'steps[4].pin: unknown GUP handle "nope" (no earlier gup.get or gup.pin)',
    ]);
  });

  test('names must be defined before use; devices must exist', () => {
    const d = base();
    d.steps.push({ op: 'cpu.read', proc: 'B', page: 0, count: 1 });
    d.steps.push({ op: 'dev.read', mirror: 'm9', page: 0, count: 1 });
    d.steps.push({ op: 'dev.release', device: 'gpu' });
    expect(errors(d)).toEqual([
      'steps[4].proc: unknown process "B" (no earlier spawn)',
      'steps[5].mirror: unknown mirror "m9" (no earlier mirror.open)',
      'steps[6].device: unknown device "gpu" (not in machine.devices)',
    ]);
  });

  test('write values: value or values, one per page', () => {
    const d = base();
    d.steps.push({ op: 'cpu.write', proc: 'A', page: 0, count: 2, values: [1] });
    expect(errors(d)).toEqual(['steps[4].values: expected 2 values (one per page), got 1']);
    d.steps[4] = { op: 'cpu.write', proc: 'A', page: 0, count: 2 };
    expect(errors(d)).toEqual(['steps[4].value: expected "value" or "values"']);
  });

  test('document-level errors: format, title, machine', () => {
    expect(errors({ ...base(), format: 'x' })).toEqual(['format: expected "hmm-lab/scenario@1"']);
    expect(errors({ ...base(), title: '' })).toEqual(['title: expected a non-empty title']);
    const m = base();
    m.machine = {
      systemPages: -1,
      devices: [{ name: 'dev0', memory: 'weird', pages: 4 }],
    } as never;
    expect(errors(m)).toEqual([
      'machine.systemPages: expected a positive integer',
      'machine.devices[0].memory: expected "private" or "coherent"',
    ]);
    expect(errors(null)[0]).toMatch(/expected object|Invalid input/i);
  });

  test('JSON syntax errors are reported at the root', () => {
    const r = loadScenario('{ nope');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/^not valid JSON/);
  });

  test('the embedded default scenario is valid, teachable and runs clean', () => {
    const r = validateScenario(defaultDoc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.steps.length).toBeGreaterThanOrEqual(10);
    expect(r.doc.steps.length).toBeLessThanOrEqual(16);
    const ops = r.doc.steps.map((s) => s.op);
    for (const op of [
      'spawn',
      'mmap',
      'cpu.write',
      'mirror.open',
      'dev.snapshot',
      'dev.read',
      'dev.migrate',
      'cpu.read',
      'dev.migrate-back',
      'mirror.close',
    ]) {
      expect(ops).toContain(op);
    }
    const t = runScenario(r.doc);
    expect(t.violations).toEqual([]);
    expect(t.results.every((x) => x.ret === 0)).toBe(true);
    // The second snapshot shows device-private pages of this device (0x20 | WRITE).
    const snaps = t.results.filter((x) => x.op === 'dev.snapshot');
    expect(snaps[1]?.prot?.every((b) => b === 0x22)).toBe(true);
  });
});
