import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { KernelOutcome, ScenarioDoc } from '../../src/engine';
import RELEASE_HANG from '../../src/scenarios/library/s9-release-hang.json';
import { NarrationPanel } from '../../src/views/NarrationPanel';
import type { TimelineFrame } from '../../src/views/timeline';
import { SHORT_OUTLINE } from '../../stories/fixtures';
import { parsedJson, renderEditor } from './editor/helpers';

const HANG: KernelOutcome = {
  kind: 'hang',
  invariant: 'INV-P7',
  message: 'memunmap_pages waits forever for 1 page that stays mapped.',
};
const TIMELINE = buildTimeline(RELEASE_HANG as ScenarioDoc);
/** A recorded frame with a micro-step, changed as a test needs. */
const frameWith = (patch: (f: TimelineFrame) => TimelineFrame) =>
  patch(TIMELINE.frames.find((f) => f.microstep !== null)!);

beforeEach(() => localStorage.clear());

describe('what a buggy kernel does, in the narration', () => {
  test.each([
    ['crash', 'KERNEL CRASH'],
    ['hang', 'HANG'],
    ['use-after-free', 'USE-AFTER-FREE'],
    ['livelock', 'LIVELOCK'],
    ['lost-write', 'WRITE PERMISSION LOST'],
  ] as const)('a %s outcome is a banner of its own, linked to its rule', async (kind, title) => {
    const frame = frameWith((f) => ({
      ...f,
      microstep: { ...f.microstep!, outcome: { ...HANG, kind } },
    }));
    render(<NarrationPanel scenario={SHORT_OUTLINE} frame={frame} />);
    // Loaded the first time a kernel breaks.
    const banner = await screen.findByTestId('kernel-outcome');
    expect(banner).toHaveAttribute('data-kind', kind);
    expect(banner).toHaveTextContent(title);
    expect(banner).toHaveTextContent(HANG.message);
    // The kernel's outcome, not the app's error: not the link-error banner, not an alert.
    expect(banner).not.toHaveClass('link-error');
    expect(within(banner).getByRole('link', { name: /Why this rule\? INV-P7/ })).toHaveAttribute(
      'href',
      '#inv=INV-P7',
    );
  });

  test('a step that did not run says so instead of a result', () => {
    const frame = frameWith((f) => ({
      ...f,
      microstep: null,
      result: {
        step: 6,
        op: 'cpu.read',
        ret: 0,
        errno: null,
        notRun: 'not run: the kernel hung at step 6',
      },
    }));
    render(<NarrationPanel scenario={SHORT_OUTLINE} frame={frame} />);
    expect(screen.getByTestId('not-run')).toHaveTextContent('not run: the kernel hung at step 6');
    expect(screen.queryByTestId('narration-result')).toBeNull();
  });

  test('a micro-step of a race names its thread', () => {
    const frame = frameWith((f) => ({ ...f, microstep: { ...f.microstep!, thread: 'T2' } }));
    render(<NarrationPanel scenario={SHORT_OUTLINE} frame={frame} />);
    expect(screen.getByTestId('thread-badge')).toHaveTextContent('T2');
    expect(screen.getByTestId('thread-badge')).toHaveTextContent(/thread\s*T2/);
  });

  test('the real run of S9 shows the hang at the micro-step it happens', async () => {
    const hang = TIMELINE.frames.find((f) => f.microstep?.outcome)!;
    render(<NarrationPanel scenario={SHORT_OUTLINE} frame={hang} />);
    expect(await screen.findByTestId('kernel-outcome')).toHaveTextContent('HANG');
  });
});

describe('the editor picks the kernel', () => {
  test('switching a fix off writes machine.kernel; switching it back removes the key', async () => {
    const { user } = renderEditor();
    const section = screen.getByTestId('editor-kernel');
    expect(within(section).getByRole('combobox', { name: 'Era' })).toHaveValue('ERA_C_FIXED');
    const evict = within(section).getByRole('checkbox', { name: /evicts device memory/ });
    expect(evict).toBeChecked();
    expect(evict).toHaveAccessibleDescription(/FIX_EVICT_ON_RELEASE/);
    await user.click(evict);
    expect(parsedJson().machine.kernel).toEqual({
      era: 'ERA_C_FIXED',
      fixes: { FIX_EVICT_ON_RELEASE: false },
    });
    await user.click(evict);
    expect('kernel' in parsedJson().machine).toBe(false);
  });

  test('an older era brings its own fixes; the fixed era removes the key again', async () => {
    const { user } = renderEditor();
    const era = screen.getByRole('combobox', { name: 'Era' });
    await user.selectOptions(era, 'ERA_B_NOBIAS_BROKEN');
    expect(parsedJson().machine.kernel).toEqual({ era: 'ERA_B_NOBIAS_BROKEN' });
    expect(
      screen.getByRole('checkbox', { name: /do_swap_page takes a page reference/ }),
    ).not.toBeChecked();
    await user.selectOptions(era, 'ERA_C_FIXED');
    expect('kernel' in parsedJson().machine).toBe(false);
  });
});
