import { render } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { buildTimeline } from '../../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../../src/engine';
import { libraryScenario } from '../../../src/scenarios/walkthroughs';
import { stageExtent } from '../../../src/views/geometry/extent';
import { layoutStage } from '../../../src/views/geometry/stageLayout';
import { animatedSvg } from '../../../src/views/export/animate';
import { serializeSvg, stageContent } from '../../../src/views/export/serializeSvg';
import { StageView } from '../../../src/views/stage/StageView';

const doc = libraryScenario('s5-cpu-touches-device-page') as ScenarioDoc;
const timeline = buildTimeline(doc);
const extent = stageExtent(timeline.frames);
const layout = layoutStage(extent);
const at = timeline.opStarts[timeline.opStarts.length - 1]!;
const frame = timeline.frames[at]!;

// jsdom loads no CSS modules: a sheet with literal colours stands in for StageView.css.
const sheet = document.createElement('style');
sheet.textContent = `
  .stage-svg { font-family: serif; font-size: 12px; }
  .stage-group rect { fill: rgb(1, 2, 3); stroke: rgb(4, 5, 6); }
  .stage-row text { fill: rgb(7, 8, 9); }`;
document.head.append(sheet);
afterEach(() => document.body.replaceChildren());

function drawn() {
  const { container } = render(
    <StageView
      extent={extent}
      layout={layout}
      world={frame.world}
      changed={frame.microstep?.changed ?? null}
    />,
  );
  return container.querySelector('.stage-svg')!;
}

const parse = (text: string) => new DOMParser().parseFromString(text, 'image/svg+xml');

describe('serializeSvg', () => {
  test('the stage becomes one well-formed, standalone SVG with its styles inlined', () => {
    const text = serializeSvg(drawn(), { title: 'S5 — step 3', background: '#ffffff' });
    const svg = parse(text);
    expect(svg.querySelector('parsererror')).toBeNull();
    const root = svg.documentElement;
    expect(root.localName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('viewBox')).toBe(`0 0 ${layout.width} ${layout.height}`);
    expect(root.querySelector('title')?.textContent).toBe('S5 — step 3');
    expect(root.querySelector(':scope > rect')?.getAttribute('fill')).toBe('#ffffff');
    const all = [...root.querySelectorAll('*')];
    const attrs = all.flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(attrs.filter((a) => /^(data-|aria-|on)|^(tabindex|role|class)$/.test(a))).toEqual([]);
    // Styles from the sheet are presentation attributes now (never style="…": the CSP).
    const fills = new Set(all.map((el) => el.getAttribute('fill')));
    expect(fills).toContain('rgb(1, 2, 3)');
    expect(fills).toContain('rgb(7, 8, 9)');
    expect(all.some((el) => el.getAttribute('stroke') === 'rgb(4, 5, 6)')).toBe(true);
    expect(all.some((el) => el.getAttribute('font-family') === 'serif')).toBe(true);
    expect(all.filter((el) => el.hasAttribute('style'))).toEqual([]);
    expect(root.textContent).toContain('page table');
    // Every layer and tile is a nested svg at its place; no reference leaves the file.
    expect(root.querySelectorAll('g > svg').length).toBeGreaterThan(2);
    expect(text).not.toMatch(/(href|src)="(?!#)/);
  });

  test('an animation holds one captioned, SMIL-driven group per frame, ids kept apart', () => {
    const el = drawn();
    const frames = [0, 1, 2].map((i) => ({
      content: stageContent(el, `f${i}-`),
      caption: [`Step ${i}`, 'narration'],
    }));
    const text = animatedSvg(document, frames, {
      title: 'S5',
      background: '#fff',
      text: '#000',
    });
    const root = parse(text).documentElement;
    expect(parse(text).querySelector('parsererror')).toBeNull();
    const groups = root.querySelectorAll(':scope > g');
    expect(groups).toHaveLength(3);
    expect([...groups].map((g) => g.getAttribute('visibility'))).toEqual([
      'visible',
      'hidden',
      'hidden',
    ]);
    const anim = groups[1]!.querySelector(':scope > animate')!;
    expect(anim.getAttribute('keyTimes')).toBe('0;0.333333;0.666667');
    expect(anim.getAttribute('dur')).toBe('3.6s');
    expect(groups[2]!.textContent).toContain('Step 2');
    const ids = [...root.querySelectorAll('[id]')].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('f1-stage-arrow');
  });
});
