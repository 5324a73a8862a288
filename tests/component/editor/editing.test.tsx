import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import { runScenario, SUPPORTED_OPS, type ScenarioDoc } from '../../../src/engine';
import { OP_GROUPS } from '../../../src/views/editor/ops';
import { DOC, addStep, jsonText, palette, parsedJson, renderEditor, step } from './helpers';

beforeEach(() => localStorage.clear());

describe('the scenario editor: form, JSON and results', () => {
  test('the palette offers every op, grouped', () => {
    renderEditor();
    expect(OP_GROUPS.flatMap((g) => g.ops).sort()).toEqual([...SUPPORTED_OPS].sort());
    for (const g of ['Process', 'CPU', 'Mirror / device', 'GUP', 'Concurrency'])
      expect(within(palette()).getByRole('group', { name: g })).toBeInTheDocument();
    for (const op of SUPPORTED_OPS)
      expect(within(palette()).getByRole('button', { name: `Add ${op}` })).toBeInTheDocument();
  });

  test('adding a step from the palette runs it and shows its result', async () => {
    const { user } = renderEditor();
    await addStep(user, 'cpu.write');
    await addStep(user, 'cpu.read');
    expect(step(4)).toHaveAccessibleName('Step 4: cpu.read');
    // The new step names the process and starts at page 0; focus moved to it.
    expect(within(step(4)).getByLabelText('Process')).toHaveValue('A');
    expect(within(step(4)).getByLabelText('Operation')).toHaveFocus();
    const result = await within(step(4)).findByTestId('step-result');
    expect(result).toHaveTextContent('ret 0');
    expect(result).toHaveTextContent('data [1]');
    expect(screen.getByTestId('editor-announcer')).toHaveTextContent('Added step 4: cpu.read');
    expect(screen.getByTestId('run-status')).toHaveTextContent('Valid. 4 steps ran');
  });

  test('a rejected op shows its errno as a kernel result, as the runner gives it', async () => {
    const doc: ScenarioDoc = { ...DOC, steps: [{ op: 'spawn', proc: 'A' }] };
    const { user } = renderEditor(doc);
    await addStep(user, 'cpu.read');
    const expected = runScenario({ ...doc, steps: [...doc.steps, parsedJson().steps[1]!] })
      .results[1]!;
    expect(expected).toMatchObject({ ret: -14, errno: 'EFAULT', signal: 'SIGSEGV' });
    const result = await within(step(2)).findByTestId('step-result');
    expect(result).toHaveTextContent('ret -14 -EFAULT');
    expect(result).toHaveTextContent('SIGSEGV at page 0');
    // A kernel error is a result, not a problem in the document: Play stays available.
    expect(screen.getByRole('button', { name: 'Play' })).toBeEnabled();
    expect(step(2).querySelector('[aria-invalid="true"]')).toBeNull();
    expect(screen.getByTestId('run-status')).toHaveTextContent('1 returned an error');
  });

  test('editing a field rewrites the JSON', async () => {
    const { user } = renderEditor();
    const count = within(step(2)).getByLabelText('Pages');
    await user.clear(count);
    await user.type(count, '8');
    expect(parsedJson().steps[1]).toEqual({ op: 'mmap', proc: 'A', page: 0, count: 8, prot: 'rw' });
    await user.selectOptions(within(step(2)).getByLabelText('Protection'), 'r');
    expect(parsedJson().steps[1]).toMatchObject({ prot: 'r' });
    await user.click(within(step(2)).getByLabelText('MAP_SHARED'));
    expect(parsedJson().steps[1]).toMatchObject({ shared: true });
    await user.click(within(step(2)).getByLabelText('MAP_SHARED'));
    expect(parsedJson().steps[1]).not.toHaveProperty('shared');
    await user.clear(screen.getByLabelText('Title'));
    await user.type(screen.getByLabelText('Title'), 'Renamed');
    expect(parsedJson().title).toBe('Renamed');
  });

  test('editing the JSON updates the form', async () => {
    renderEditor();
    const doc = {
      ...DOC,
      title: 'From JSON',
      steps: [...DOC.steps, { op: 'cpu.read', proc: 'A', page: 2, count: 1 }],
    };
    fireEvent.change(jsonText(), { target: { value: JSON.stringify(doc, null, 2) } });
    expect(screen.getByLabelText('Title')).toHaveValue('From JSON');
    expect(step(3)).toHaveAccessibleName('Step 3: cpu.read');
    expect(within(step(3)).getByLabelText('First page')).toHaveValue(2);
    expect(await within(step(3)).findByTestId('step-result')).toHaveTextContent('ret 0');
  });

  test('invalid JSON keeps the text, shows the error and pauses the form', async () => {
    renderEditor();
    const broken = jsonText().value.replace('"Editor test"', '"Editor test');
    fireEvent.change(jsonText(), { target: { value: broken } });
    expect(jsonText()).toHaveValue(broken);
    expect(jsonText()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('json-parse-error')).toHaveTextContent(/Not valid JSON/);
    expect(jsonText()).toHaveAccessibleDescription(/Not valid JSON/);
    expect(screen.getByLabelText('Title')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();
    expect(screen.getByText('Fix the JSON syntax to play.')).toBeInTheDocument();
    // Fixing the text brings everything back.
    fireEvent.change(jsonText(), { target: { value: broken.replace('"Editor test', '"Fixed"') } });
    expect(screen.getByLabelText('Title')).toHaveValue('Fixed');
    expect(screen.getByLabelText('Title')).toBeEnabled();
    expect(screen.queryByTestId('json-parse-error')).toBeNull();
  });

  test('a schema error shows next to its field and in the JSON view with its path', async () => {
    const { user } = renderEditor();
    const count = within(step(2)).getByLabelText('Pages');
    await user.clear(count);
    await user.type(count, '0');
    await waitFor(() => expect(count).toHaveAttribute('aria-invalid', 'true'));
    expect(count).toHaveAccessibleDescription(/expected a positive integer/);
    const problems = screen.getByRole('list', { name: 'Problems in the document' });
    const item = within(problems).getByRole('button', { name: /steps\[1\]\.count/ });
    expect(item).toHaveTextContent('expected a positive integer');
    expect(screen.getByRole('button', { name: 'Play' })).toBeDisabled();
    // The listed problem takes focus to its field.
    await user.click(item);
    expect(count).toHaveFocus();
  });

  test('a name used before it is defined is flagged on that field', async () => {
    const { user } = renderEditor();
    const proc = within(step(2)).getByLabelText('Process');
    await user.clear(proc);
    await user.type(proc, 'B');
    await waitFor(() => expect(proc).toHaveAccessibleDescription(/unknown process "B"/));
  });

  test('steps can be moved, duplicated and removed from the keyboard', async () => {
    const { user } = renderEditor();
    await addStep(user, 'cpu.read');
    const down = within(step(2)).getByRole('button', { name: 'Move down step 2' });
    down.focus();
    await user.keyboard('{Enter}');
    expect(parsedJson().steps.map((s) => s.op)).toEqual(['spawn', 'cpu.read', 'mmap']);
    // Focus stays on the moved step's button (now the last one: "up", as "down" is disabled).
    expect(within(step(3)).getByRole('button', { name: 'Move up step 3' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(parsedJson().steps.map((s) => s.op)).toEqual(['spawn', 'mmap', 'cpu.read']);
    // Alt+↑ moves the step the focus is in.
    within(step(3)).getByLabelText('First page').focus();
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(parsedJson().steps.map((s) => s.op)).toEqual(['spawn', 'cpu.read', 'mmap']);
    await user.click(within(step(2)).getByRole('button', { name: 'Duplicate step 2' }));
    expect(parsedJson().steps.map((s) => s.op)).toEqual(['spawn', 'cpu.read', 'cpu.read', 'mmap']);
    await user.click(within(step(1)).getByRole('button', { name: 'Remove step 1' }));
    expect(parsedJson().steps.map((s) => s.op)).toEqual(['cpu.read', 'cpu.read', 'mmap']);
    expect(screen.getByTestId('editor-announcer')).toHaveTextContent('Removed step 1');
  });

  test('changing a step’s op keeps the fields both share', async () => {
    const { user } = renderEditor();
    await user.selectOptions(within(step(2)).getByLabelText('Operation'), 'munmap');
    expect(parsedJson().steps[1]).toEqual({ op: 'munmap', proc: 'A', page: 0, count: 4 });
  });

  test('a write takes one value or a value per page', async () => {
    const { user } = renderEditor();
    await addStep(user, 'cpu.write');
    const s = () => step(3);
    const count = within(s()).getByLabelText('Pages');
    await user.clear(count);
    await user.type(count, '3');
    await user.click(within(s()).getByLabelText('A value per page'));
    expect(parsedJson().steps[2]).toMatchObject({ values: [1, 1, 1] });
    expect(parsedJson().steps[2]).not.toHaveProperty('value');
    const values = within(s()).getByLabelText(/^Values/);
    await user.clear(values);
    await user.type(values, '5, 6');
    expect(values).toHaveValue('5, 6');
    await waitFor(() => expect(values).toHaveAccessibleDescription(/expected 3 values/));
    await user.type(values, ', 7');
    expect(parsedJson().steps[2]).toMatchObject({ values: [5, 6, 7] });
    await user.click(within(s()).getByLabelText('The same value on every page'));
    expect(parsedJson().steps[2]).toMatchObject({ value: 5 });
  });

  test('devices can be added, edited and removed', async () => {
    const { user } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Add a device' }));
    expect(parsedJson().machine.devices).toEqual([
      { name: 'dev0', memory: 'private', pages: 8 },
      { name: 'dev1', memory: 'private', pages: 16 },
    ]);
    const dev2 = screen.getByRole('group', { name: 'Device 2' });
    await user.selectOptions(within(dev2).getByLabelText('Memory'), 'coherent');
    expect(parsedJson().machine.devices[1]).toMatchObject({ memory: 'coherent' });
    await user.click(screen.getByRole('button', { name: 'Remove device dev0' }));
    expect(parsedJson().machine.devices.map((d) => d.name)).toEqual(['dev1']);
  });

  test('Play is disabled for an invalid document and plays a valid one', async () => {
    const { user, onPlay } = renderEditor();
    const play = screen.getByRole('button', { name: 'Play' });
    await user.click(play);
    expect(onPlay).toHaveBeenCalledWith(DOC);
    await user.clear(screen.getByLabelText('Title'));
    await waitFor(() => expect(play).toBeDisabled());
    expect(play).toHaveAccessibleDescription('Fix the problem to play.');
    await user.type(screen.getByLabelText('Title'), 'Back');
    await waitFor(() => expect(play).toBeEnabled());
    await user.click(play);
    expect(onPlay).toHaveBeenLastCalledWith({ ...DOC, title: 'Back' });
  });

  test('Close and Escape close the editor', async () => {
    const { user, onClose } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    screen.getByLabelText('Title').focus();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  test('text from the document is shown as text, never as markup', async () => {
    renderEditor({ ...DOC, title: '<img src=x onerror=alert(1)>' });
    expect(screen.getByLabelText('Title')).toHaveValue('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
  });

  test('a document too large to run as you type says so instead of running', async () => {
    renderEditor({ ...DOC, machine: { systemPages: 1 << 20, devices: [] } });
    expect(screen.getByTestId('run-status')).toHaveTextContent(/large .* does not run as you type/);
    expect(screen.getByRole('button', { name: 'Run it once' })).toBeInTheDocument();
    expect(screen.queryByTestId('step-result')).toBeNull();
  });
});
