/** The shareable-URL codec: `#s=1.` + lz-string; bounded and validated on the way in. */
import { describe, expect, test } from 'vitest';
import defaultDoc from '../../../src/scenarios/default.json';
import { validateScenario } from '../../../src/scenarios/load';
import {
  FRAGMENT_PREFIX,
  MAX_FRAGMENT_LENGTH,
  decodeScenario,
  encodeScenario,
} from '../../../src/url/codec';

const doc = (() => {
  const r = validateScenario(defaultDoc);
  if (!r.ok) throw new Error('default scenario invalid');
  return r.doc;
})();

describe('url codec', () => {
  test('round trip', () => {
    const frag = encodeScenario(doc);
    expect(frag.startsWith(FRAGMENT_PREFIX)).toBe(true);
    expect(frag).toMatch(/^#s=1\.[A-Za-z0-9+\-$]+$/);
    const back = decodeScenario(frag);
    expect(back).toEqual({ ok: true, doc });
    expect(decodeScenario(frag.slice(1))).toEqual({ ok: true, doc }); // without '#'
  });

  test('rejects other prefixes, damaged payloads, oversized input, invalid documents', () => {
    expect(decodeScenario('#x=1.abc').ok).toBe(false);
    expect(decodeScenario('#s=1.!!!').ok).toBe(false);
    expect(decodeScenario('#s=1.AAAA').ok).toBe(false);
    const long = decodeScenario(`#s=1.${'A'.repeat(MAX_FRAGMENT_LENGTH)}`);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors[0]?.message).toMatch(/too long/);
    const bad = encodeScenario({ ...doc, steps: [{ op: 'spawn', proc: '1x' }] } as never);
    const r = decodeScenario(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toBe('steps[0].proc');
  });
});
