import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, test, vi } from 'vitest';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import s2json from '../../src/scenarios/library/s2-fault-invalidated-retry.json';
import s6json from '../../src/scenarios/library/s6-fault-race-use-after-free.json';
import { raceAt, type RaceView, withSchedule } from '../../src/views/race/interleavings';
import { RacePanel } from '../../src/views/race/RacePanel';
import type { StepOutline } from '../../src/views/scenarioOutline';

const S6 = s6json as unknown as ScenarioDoc;
const steps = (doc: ScenarioDoc) => doc.steps as readonly StepOutline[];

/** S6's race at the first frame of `turn` (or its last frame). */
function s6At(turn: number | 'end', doc = S6) {
  const tl = buildTimeline(doc);
  const pos =
    turn === 'end'
      ? tl.frames.findLastIndex((f) => f.step === 5)
      : tl.frames.findIndex((f) => f.step === 5 && f.microstep?.turn === turn);
  return raceAt(tl.frames, pos, steps(doc))!;
}

const T1_FIRST = withSchedule(s2json as unknown as ScenarioDoc, 4, []);
/** S2's race at the first frame of turn 4 (T1's dmirror_do_fault when T1 runs first). */
function s2At(doc: ScenarioDoc) {
  const tl = buildTimeline(doc);
  const pos = tl.frames.findIndex((f) => f.step === 4 && f.microstep?.turn === 4);
  return raceAt(tl.frames, pos, steps(doc))!;
}

describe('RacePanel', () => {
  test("S6 at T1's lookup: one lane per thread, its turns in order, the current one marked", () => {
    render(<RacePanel race={s6At(0)} onReschedule={vi.fn()} />);
    const t1 = screen.getByTestId('race-lane-T1');
    expect(t1).toHaveTextContent('T1 cpu.read · A · page 0');
    const chips = within(within(t1).getByRole('list', { name: "T1's turns" })).getAllByRole(
      'listitem',
    );
    expect(chips.map((c) => c.textContent)).toEqual([
      'turn 1 do_swap_page',
      'turn 7 dmirror_devmem_fault use-after-free (to come)',
    ]);
    expect(chips[0]).toHaveAttribute('aria-current', 'step');
    const t2 = within(screen.getByRole('list', { name: "T2's turns" })).getAllByRole('listitem');
    expect(t2).toHaveLength(5);
    expect(t2[0]).toHaveTextContent('turn 2 dmirror_interval_invalidate · migrate_vma_collect');
    expect(screen.getByTestId('race-schedule')).toHaveTextContent('T1 T2 T2 T2 T2 T2 T1');
    expect(screen.getByText(/Turn 1 of 7/)).toBeInTheDocument();
  });

  test('"Run T2 next" replays from the current turn; T1, running it, is disabled', async () => {
    const onReschedule = vi.fn();
    render(<RacePanel race={s6At(0)} onReschedule={onReschedule} />);
    expect(screen.getByRole('button', { name: 'Run T1 next' })).toBeDisabled();
    expect(screen.getByText('T1 runs this turn.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Run T2 next' }));
    expect(onReschedule).toHaveBeenCalledWith([1]);
  });

  test('mid-way: the prefix is kept', async () => {
    const onReschedule = vi.fn();
    // Turn 2 (T2's collect): T1 may still go first, before any migration entry exists.
    render(<RacePanel race={s6At(1)} onReschedule={onReschedule} />);
    await userEvent.click(screen.getByRole('button', { name: 'Run T1 next' }));
    expect(onReschedule).toHaveBeenCalledWith([0, 0]);
  });

  test('at the use-after-free T2 has finished: both buttons disabled, lane marked', () => {
    render(<RacePanel race={s6At('end')} onReschedule={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Run T1 next' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Run T2 next' })).toBeDisabled();
    expect(screen.getByTestId('race-lane-T2')).toHaveTextContent('finished');
    expect(screen.getByTestId('race-lane-T1')).not.toHaveTextContent('finished');
    expect(screen.getByText('T1 runs this turn; T2 has finished.')).toBeInTheDocument();
  });

  test('named interleavings by keyboard: the recorded one is preselected', async () => {
    const onReschedule = vi.fn();
    const user = userEvent.setup();
    render(<RacePanel race={s6At('end')} onReschedule={onReschedule} />);
    const select = screen.getByRole('combobox', { name: 'Try an interleaving' });
    expect(select).toHaveDisplayValue("T2 runs after T1's do_swap_page (as recorded)");
    await user.selectOptions(select, 'T2 first, then T1');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Replay' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onReschedule).toHaveBeenLastCalledWith([1, 1, 1, 1, 1]);
    select.focus();
    await user.selectOptions(select, 'T1 first, then T2');
    await user.tab();
    await user.keyboard('{Enter}');
    expect(onReschedule).toHaveBeenLastCalledWith([]);
  });

  test('"Run T2 next" is reachable and pressed with the keyboard', async () => {
    const onReschedule = vi.fn();
    const user = userEvent.setup();
    render(<RacePanel race={s6At(0)} onReschedule={onReschedule} />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Run T2 next' })).toHaveFocus();
    await user.keyboard(' ');
    expect(onReschedule).toHaveBeenCalledWith([1]);
  });

  test('a new interleaving is announced politely; stepping within one is not', async () => {
    const { rerender } = render(
      <RacePanel race={s6At(0)} onReschedule={vi.fn()} recorded={[0, 1, 1, 1, 1, 1]} />,
    );
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toBeEmptyDOMElement();
    rerender(<RacePanel race={s6At(2)} onReschedule={vi.fn()} recorded={[0, 1, 1, 1, 1, 1]} />);
    expect(status).toBeEmptyDOMElement();
    // At turn 3, T2's migration entry is in place: T1 (the CPU read) must wait for it.
    expect(screen.getByRole('button', { name: 'Run T1 next' })).toBeDisabled();
    expect(screen.getByText(/T1 waits for the migration of page 0 to end/)).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Run T2 next' }));
    const next = withSchedule(S6, 5, [0, 1, 1, 1, 1, 1, 0]);
    act(() =>
      rerender(
        <RacePanel race={s6At(2, next)} onReschedule={vi.fn()} recorded={[0, 1, 1, 1, 1, 1]} />,
      ),
    );
    expect(status.textContent).toMatch(/^Interleaving changed: T1 T2 T2/);
    // The file's schedule stays on offer once the one on stage differs.
    expect(screen.getByRole('option', { name: /as recorded/i })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Try an interleaving' })).toHaveDisplayValue(
      /as recorded/i,
    );
  });

  test('a thread waiting for a lock cannot be chosen', () => {
    // S2 with T1 first: from its read_retry on, T1 holds gpu0's mutex, which munmap (T2) needs.
    render(<RacePanel race={s2At(T1_FIRST)} onReschedule={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Run T2 next' })).toBeDisabled();
    expect(screen.getByText("T1 runs this turn; T2 waits for gpu0's driver lock.")).toBeVisible();
  });

  test('a thread that could not run where it was asked to is named in the announcement', async () => {
    // As if the lock had not been seen (raceAt without the document's steps).
    const blind = (race: RaceView) => ({
      ...race,
      threads: race.threads.map((t) => ({ ...t, waitsFor: null })),
    });
    const onReschedule = vi.fn();
    const { rerender } = render(
      <RacePanel race={blind(s2At(T1_FIRST))} onReschedule={onReschedule} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run T2 next' }));
    expect(onReschedule).toHaveBeenCalledWith([0, 0, 0, 0, 1]);
    const asked = withSchedule(T1_FIRST, 4, [0, 0, 0, 0, 1]);
    act(() => rerender(<RacePanel race={blind(s2At(asked))} onReschedule={vi.fn()} />));
    // The run is the same as before: only the written schedule changed.
    expect(screen.getByRole('status')).toHaveTextContent(
      'T2 could not run at turn 5; T1 ran instead.',
    );
  });
});
