import { describe, expect, test } from 'vitest';
import { pickerGroups } from '../../../src/app/pickerGroups';
import { pageOf } from '../../../src/app/useRoute';
import { escapeAttr } from '../../../src/app/share';
import { LIBRARY } from '../../../src/scenarios/library/index';
import { runScenario } from '../../../src/engine';
import { THUMB, thumbLayout } from '../../../src/views/geometry/thumb';

describe('routes', () => {
  test('the gallery and the editor have fragments; links and nothing play', () => {
    expect(pageOf('#gallery')).toBe('gallery');
    expect(pageOf('#edit')).toBe('editor');
    expect(pageOf('')).toBe('player');
    expect(pageOf('#s=1.abc')).toBe('player');
    expect(pageOf('#galleryx')).toBe('player');
  });
});

describe('the picker', () => {
  test('default first, then topics in order, selftests, links and the draft last', () => {
    const scenarios = [
      ...LIBRARY,
      { id: 'from-link-1', doc: LIBRARY[0]!.doc },
      { id: 'draft', doc: LIBRARY[0]!.doc },
    ];
    const groups = pickerGroups(scenarios, 'draft');
    expect(groups[0]).toEqual({
      label: null,
      options: [{ id: 'default', title: LIBRARY[0]!.doc.title }],
    });
    const labels = groups.map((g) => g.label);
    expect(labels.slice(-3)).toEqual(['Kernel selftests', 'From links', 'Editor']);
    expect(groups.at(-2)!.options[0]!.title).toBe(`From link: ${LIBRARY[0]!.doc.title}`);
    expect(groups.at(-1)!.options[0]!.title).toBe(`Draft: ${LIBRARY[0]!.doc.title}`);
    // Every scenario is offered exactly once.
    expect(
      groups
        .flatMap((g) => g.options)
        .map((o) => o.id)
        .sort(),
    ).toEqual(scenarios.map((s) => s.id).sort());
  });
});

describe('the embed snippet', () => {
  test('the user’s title cannot break out of the attribute', () => {
    expect(escapeAttr(`a"><script>alert('x')</script>&`)).toBe(
      'a&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;',
    );
  });
});

describe('gallery previews', () => {
  test('one cell per entry and frame in use, inside the picture; the rest counted', () => {
    for (const e of LIBRARY) {
      const final = runScenario(e.doc).final;
      const layout = thumbLayout(final);
      const entries =
        Object.values(final.processes)
          .filter((p) => p.alive)
          .reduce((n, p) => n + Object.keys(p.ptes).length, 0) +
        Object.keys(final.frames).length +
        Object.values(final.mirrors).reduce((n, m) => n + Object.keys(m.entries).length, 0);
      expect(layout.cells.length + layout.hidden, e.id).toBe(entries);
      for (const c of layout.cells) {
        expect(c.x).toBeGreaterThanOrEqual(0);
        expect(c.x + THUMB.cell).toBeLessThanOrEqual(THUMB.width);
        expect(c.y + THUMB.cell).toBeLessThanOrEqual(THUMB.height);
      }
    }
  });
});
