import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { buildTimeline } from '../../src/app/buildTimeline';
import { ComparePage } from '../../src/app/ComparePage';
import type { ScenarioDoc } from '../../src/engine';
import RELEASE_HANG from '../../src/scenarios/library/s9-release-hang.json';
import { NarrationPanel } from '../../src/views/NarrationPanel';
import type { StepOutline } from '../../src/views/scenarioOutline';

/** S9 without eviction: the kernel hangs in dev.release (domain.md §4 B5). */
const DOC = RELEASE_HANG as ScenarioDoc;
const timeline = buildTimeline(DOC);
const hang = timeline.frames.find((f) => f.microstep?.outcome)!;
const outline = { id: 's9', title: DOC.title, steps: DOC.steps as readonly StepOutline[] };

const meta = {
  title: 'Kernels/Compare',
  component: ComparePage,
  args: { doc: DOC, onBack: () => {} },
  decorators: [
    (Story) => (
      <div style={{ height: 820, display: 'grid' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ComparePage>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The scenario's buggy kernel against the fixed one; Jump shows where they part and why. */
export const BuggyAgainstFixed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const panel = canvas.getByTestId('compare-divergence');
    await expect(panel).toHaveTextContent(/They part here: step 6/);
    await userEvent.click(canvas.getByRole('button', { name: 'Jump to first difference' }));
    await expect(canvas.getByTestId('compare-pane-left')).toHaveAttribute('data-parted', 'true');
    await expect(canvas.getByTestId('divergence-invariant')).toHaveAttribute('href', '#inv=INV-P7');
  },
};

/** The narration at the micro-step where the kernel hangs: the kernel's outcome, not an error. */
export const HangInTheNarration: StoryObj<typeof NarrationPanel> = {
  render: () => (
    <div style={{ height: 620, width: 380, display: 'flex' }}>
      <NarrationPanel scenario={outline} frame={hang} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const banner = await within(canvasElement).findByTestId('kernel-outcome');
    await expect(banner).toHaveTextContent('HANG');
    await expect(within(banner).getByRole('link')).toHaveAttribute('href', '#inv=INV-P7');
  },
};
