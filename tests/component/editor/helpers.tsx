import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import type { ScenarioDoc } from '../../../src/engine';
import { ScenarioEditor } from '../../../src/views/editor/ScenarioEditor';

/** A process with four mapped pages and one device: most ops run from here. */
export const DOC: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'Editor test',
  machine: { systemPages: 16, devices: [{ name: 'dev0', memory: 'private', pages: 8 }] },
  steps: [
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
  ],
};

export function renderEditor(initial: ScenarioDoc = DOC) {
  const onPlay = vi.fn();
  const onClose = vi.fn();
  const user = userEvent.setup();
  const view = render(<ScenarioEditor initial={initial} onPlay={onPlay} onClose={onClose} />);
  return { ...view, onPlay, onClose, user };
}

export const step = (n: number) => screen.getByRole('group', { name: new RegExp(`^Step ${n}:`) });
export const palette = () => screen.getByRole('region', { name: 'Add a step' });
export const jsonText = () =>
  screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Scenario JSON' });
export const addStep = (user: ReturnType<typeof userEvent.setup>, op: string) =>
  user.click(within(palette()).getByRole('button', { name: `Add ${op}` }));
export const parsedJson = () => JSON.parse(jsonText().value) as ScenarioDoc;
