import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { App } from '../src/app/App';
import type { ScenarioDoc } from '../src/engine';
import { useUiStore } from '../src/store/uiStore';
import { SHORT_DOC, SHORT_SCENARIO } from './fixtures';

/**
 * The stage as a reader uses it, in the whole app: inspecting and pinning, collapsed ranges,
 * zoom. Each play function steps through the scenario and checks what the stage shows.
 */
const meta = {
  title: 'Stage/StagePanel',
  component: App,
  args: { scenarios: [SHORT_SCENARIO] },
  beforeEach: () => {
    useUiStore.setState({
      shortcutsOpen: false,
      zoom: 'fit',
      expandedRanges: [],
      hovered: null,
      pinned: null,
    });
  },
  decorators: [
    (Story) => (
      <div style={{ height: '100vh' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof App>;
export default meta;
type Story = StoryObj<typeof meta>;

const card = (el: HTMLElement) => within(el).getByTestId('details-card');

/** A device page pinned before the migration, watched while it is allocated, filled and mapped. */
export const PinnedPageWhileStepping: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('img', { name: /^dev0:0: free/ }));
    await canvas.findByTestId('details-card');
    await expect(card(canvasElement)).toHaveTextContent('struct page dev0:0');
    await expect(card(canvasElement)).toHaveTextContent('pinned');
    await expect(card(canvasElement)).toHaveTextContent('What points here (0)');
    // Step to the end of dev.migrate (step 5): the page now holds A's data and two entries point here.
    (canvasElement.ownerDocument.activeElement as HTMLElement | null)?.blur();
    for (let i = 0; i < 5; i++) await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}');
    await expect(canvas.getByTestId('narration-text')).toHaveTextContent('dev.migrate');
    await waitFor(() => expect(card(canvasElement)).toHaveTextContent('What points here (2)'));
    await expect(card(canvasElement)).toHaveTextContent('A page 0 · dev-private RW');
    await expect(canvas.getByRole('img', { name: /^Process A, page 0:/ })).toHaveAttribute(
      'data-mark',
      'related',
    );
    await userEvent.click(canvas.getByRole('button', { name: 'Unpin and close details' }));
    await expect(canvas.queryByTestId('details-card')).toBeNull();
  },
};

const SPARSE: ScenarioDoc = {
  ...SHORT_DOC,
  title: 'A large mapping, two pages used',
  machine: { systemPages: 16, devices: [{ name: 'dev0', memory: 'private', pages: 64 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 256, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 100, count: 2, values: [7, 8] },
    { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    { op: 'dev.migrate', mirror: 'm0', page: 100, count: 2 },
  ],
};

/** 256 mapped pages, two of them used: the rest are ranges a reader can open. */
export const CollapsedRanges: Story = {
  args: { scenarios: [{ id: 'sparse', doc: SPARSE }] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.keyboard('{End}');
    const before = canvas.getByRole('button', {
      name: /^pages 0–99 · no entry, untouched · 100 · expand$/,
    });
    await expect(
      canvas.getByRole('button', { name: /^pages 102–255 · no entry, untouched / }),
    ).toBeVisible();
    await expect(
      canvas.getByRole('img', { name: /^Process A, page 100: dev-private RW/ }),
    ).toBeVisible();
    await userEvent.click(before);
    await expect(
      canvas.getByRole('img', { name: /^Process A, page 42: no entry/ }),
    ).toBeInTheDocument();
    await userEvent.click(
      canvas.getByRole('button', { name: /^pages 0–99 · no entry, untouched · collapse$/ }),
    );
    await expect(canvas.queryByRole('img', { name: /^Process A, page 42:/ })).toBeNull();
  },
};

/** Zoomed in to 150 %: the drawing grows and the window scrolls. */
export const Zoomed: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.keyboard('{End}');
    const svg = canvas.getByTestId('stage-svg');
    const fitWidth = svg.getBoundingClientRect().width;
    await userEvent.click(canvas.getByRole('button', { name: 'Zoom in' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Zoom in' }));
    await waitFor(() => expect(svg.getBoundingClientRect().width).toBeGreaterThan(fitWidth * 1.2));
    await expect(canvas.getByTestId('stage-zoom')).toHaveTextContent(/^\d+%$/);
    const viewport = canvas.getByTestId('stage-viewport');
    await expect(viewport.scrollWidth).toBeGreaterThan(viewport.clientWidth);
  },
};
