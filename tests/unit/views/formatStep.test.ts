import { describe, expect, test } from 'vitest';
import { formatStep } from '../../../src/views/scenarioOutline';

describe('formatStep', () => {
  test('names the op, its actors and its page range', () => {
    expect(formatStep({ op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 })).toBe(
      'dev.migrate · m0 · pages 0–3',
    );
    expect(formatStep({ op: 'cpu.read', proc: 'A', page: 5, count: 1 })).toBe(
      'cpu.read · A · page 5',
    );
    expect(formatStep({ op: 'cpu.read', proc: 'A', page: 5 })).toBe('cpu.read · A · page 5');
  });

  test('lists other fields after, values and arrays as plain text', () => {
    expect(formatStep({ op: 'cpu.write', proc: 'A', page: 2, count: 2, values: [7, 8] })).toBe(
      'cpu.write · A · pages 2–3 · values [7, 8]',
    );
    expect(formatStep({ op: 'fork', proc: 'A', child: 'B' })).toBe('fork · A · child B');
    expect(formatStep({ op: 'x', title: '<img src=x onerror=alert(1)>' })).toBe(
      'x · title <img src=x onerror=alert(1)>',
    );
  });
});
