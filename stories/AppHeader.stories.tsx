import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { useUiStore } from '../src/store/uiStore';
import { AppHeader } from '../src/views/AppHeader';
import { ScenarioPicker } from '../src/views/ScenarioPicker';

const meta = {
  title: 'Shell/AppHeader',
  component: AppHeader,
  beforeEach: () => {
    useUiStore.setState({ themePreference: 'system', systemTheme: 'light', shortcutsOpen: false });
  },
} satisfies Meta<typeof AppHeader>;
export default meta;
type Story = StoryObj<typeof meta>;

export const WithScenarioPicker: Story = {
  args: {
    children: (
      <ScenarioPicker
        groups={[
          {
            label: null,
            options: [{ id: 'a', title: 'Migrate to device memory, then touch it from the CPU' }],
          },
          { label: 'Snapshot', options: [{ id: 'b', title: 'Snapshot a mirror' }] },
        ]}
        value="a"
        onChange={() => {}}
      />
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('heading', { name: 'HMM Lab' })).toBeVisible();
    await expect(canvas.getByRole('combobox', { name: 'Scenario' })).toHaveValue('a');
  },
};

/** The toggle cycles system → dark → light → system (on a light system). */
export const ThemeCycled: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('data-preference', 'system');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('data-preference', 'dark');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('data-preference', 'light');
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute('data-preference', 'system');
  },
};
