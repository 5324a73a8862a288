import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import s2json from '../../src/scenarios/library/s2-fault-invalidated-retry.json';
import s6json from '../../src/scenarios/library/s6-fault-race-use-after-free.json';
import { raceAt } from '../../src/views/race/interleavings';
import { RacePanel } from '../../src/views/race/RacePanel';
import type { StepOutline } from '../../src/views/scenarioOutline';
import { RaceHarness } from './RaceHarness';

const S6 = s6json as unknown as ScenarioDoc;
const S2 = s2json as unknown as ScenarioDoc;
const timelines = new Map([S6, S2].map((d) => [d, buildTimeline(d)]));

/** Position of the first frame of `turn` of the doc's race (or its last frame). */
function positionOf(doc: ScenarioDoc, turn: number | 'end') {
  const { frames } = timelines.get(doc)!;
  const step = doc.steps.findIndex((s) => s.op === 'race');
  return turn === 'end'
    ? frames.findLastIndex((f) => f.step === step)
    : frames.findIndex((f) => f.step === step && f.microstep?.turn === turn);
}
const raceOf = (doc: ScenarioDoc, turn: number | 'end') =>
  raceAt(timelines.get(doc)!.frames, positionOf(doc, turn), doc.steps as readonly StepOutline[])!;

const meta = {
  title: 'Race/RacePanel',
  component: RacePanel,
  args: { race: raceOf(S6, 0), onReschedule: fn() },
  decorators: [
    (Story) => (
      <div style={{ width: 380, maxWidth: '100%', background: 'var(--surface)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof RacePanel>;
export default meta;
type Story = StoryObj<typeof meta>;

/** T1's do_swap_page has looked the device page up; T2 could run right now instead. */
export const S6AtLookup: Story = {
  name: "S6 at T1's lookup",
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Run T1 next' })).toBeDisabled();
    await expect(canvas.getByTestId('race-schedule')).toHaveTextContent('T1 T2 T2 T2 T2 T2 T1');
    await userEvent.click(canvas.getByRole('button', { name: 'Run T2 next' }));
    await expect(args.onReschedule).toHaveBeenCalledWith([1]);
  },
};

/** T2 has migrated and freed the page; T1's migrate_to_ram reads it: the use-after-free. */
export const S6AtUseAfterFree: Story = {
  name: 'S6 at the use-after-free',
  args: { race: raceOf(S6, 'end') },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('button', { name: 'Run T2 next' })).toBeDisabled();
    await expect(canvas.getByTestId('race-lane-T2')).toHaveTextContent('finished');
    await expect(canvas.getByTestId('race-lane-T1')).toHaveTextContent('use-after-free');
    await userEvent.selectOptions(
      canvas.getByRole('combobox', { name: 'Try an interleaving' }),
      'T2 first, then T1',
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Replay' }));
    await expect(args.onReschedule).toHaveBeenCalledWith([1, 1, 1, 1, 1]);
  },
};

/** T2's munmap has just bumped gpu0's sequence; T1 will find out at read_retry. */
export const S2AtInvalidation: Story = {
  name: "S2 at T2's munmap",
  args: { race: raceOf(S2, 3) },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Run T1 next' }));
    await expect(args.onReschedule).toHaveBeenCalledWith([0, 0, 0, 0]);
  },
};

/** Wired as the app wires it: a choice rebuilds the run and lands on the chosen thread. */
export const S6Replayed: Story = {
  name: 'S6, replayed with T2 first',
  render: () => <RaceHarness doc={S6} position={positionOf(S6, 0)} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Run T2 next' }));
    await waitFor(() =>
      expect(canvas.getByRole('status')).toHaveTextContent(/^Interleaving changed: T2 /),
    );
    await expect(canvas.getByText(/Turn 1 of/)).toHaveTextContent('T2');
    await expect(canvas.getByTestId('race-lane-T1')).not.toHaveTextContent('use-after-free');
    await expect(canvas.getByRole('option', { name: /as recorded/i })).toBeInTheDocument();
  },
};
