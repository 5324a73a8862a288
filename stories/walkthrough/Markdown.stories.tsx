import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Markdown } from '../../src/views/walkthrough/Markdown';
import '../../src/views/walkthrough/Walkthrough.css';

/** A walkthrough's text: the safe Markdown subset, every string a text node. */
const meta = {
  title: 'Walkthrough/Markdown',
  component: Markdown,
  decorators: [
    (Story) => (
      <div style={{ padding: 16, maxWidth: 520 }}>
        <Story />
      </div>
    ),
  ],
  args: { text: '' },
} satisfies Meta<typeof Markdown>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Paragraphs, a list, strong, em, code and an https link that opens apart from the lesson. */
export const SafeSubset: Story = {
  args: {
    text:
      'Process **A** maps *four* pages.\n\n- page 0 is written;\n- page 2 is pinned with ' +
      '`pin_user_pages`.\n\nSee [mm/hmm.c](https://elixir.bootlin.com/linux/latest/source/mm/hmm.c).',
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvasElement.querySelectorAll('p')).toHaveLength(2);
    await expect(canvas.getAllByRole('listitem')).toHaveLength(2);
    await expect(canvas.getByText('A').tagName).toBe('STRONG');
    await expect(canvas.getByText('four').tagName).toBe('EM');
    await expect(canvas.getByText('pin_user_pages').tagName).toBe('CODE');
    const link = canvas.getByRole('link', { name: 'mm/hmm.c' });
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  },
};

/** HTML and script links in a (shared) text show as the characters they are. */
export const HostileText: Story = {
  args: {
    text: 'Look: <img src=x onerror="window.__pwned=1"> and [click](javascript:alert(1)).',
  },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('img')).toBeNull();
    await expect(within(canvasElement).queryByRole('link')).toBeNull();
    await expect(canvasElement).toHaveTextContent('<img src=x onerror="window.__pwned=1">');
    await expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  },
};
