import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CORRUPT_PREFIX, DRAFT_KEY } from '../../../src/views/editor/draftStorage';
import { DOC, addStep, jsonText, parsedJson, renderEditor, step } from './helpers';

beforeEach(() => localStorage.clear());
afterEach(() => vi.restoreAllMocks());

const corruptKeys = () => Object.keys(localStorage).filter((k) => k.startsWith(CORRUPT_PREFIX));

describe('the scenario editor: history, drafts and files', () => {
  test('undo and redo, with the buttons and the keyboard', async () => {
    const { user } = renderEditor();
    const undo = screen.getByRole('button', { name: 'Undo' });
    const redo = screen.getByRole('button', { name: 'Redo' });
    expect(undo).toBeDisabled();
    await addStep(user, 'cpu.read');
    expect(parsedJson().steps).toHaveLength(3);
    await user.click(undo);
    expect(parsedJson().steps).toHaveLength(2);
    expect(screen.queryByRole('group', { name: /^Step 3:/ })).toBeNull();
    await user.click(redo);
    expect(step(3)).toHaveAccessibleName('Step 3: cpu.read');
    // Typing into one field is one undo entry.
    const title = screen.getByLabelText('Title');
    await user.type(title, ' two');
    expect(title).toHaveValue('Editor test two');
    await user.keyboard('{Control>}z{/Control}');
    expect(screen.getByLabelText('Title')).toHaveValue('Editor test');
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(screen.getByLabelText('Title')).toHaveValue('Editor test two');
    await user.keyboard('{Meta>}z{/Meta}');
    expect(screen.getByLabelText('Title')).toHaveValue('Editor test');
    await user.keyboard('{Control>}y{/Control}');
    expect(screen.getByLabelText('Title')).toHaveValue('Editor test two');
  });

  test('undo brings back text that did not parse', async () => {
    const { user } = renderEditor();
    const good = jsonText().value;
    fireEvent.change(jsonText(), { target: { value: `${good}oops` } });
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(jsonText()).toHaveValue(good);
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    expect(jsonText()).toHaveValue(`${good}oops`);
    expect(screen.getByTestId('json-parse-error')).toBeInTheDocument();
  });

  test('the draft survives a reload (unmount and mount)', async () => {
    const first = renderEditor();
    await addStep(first.user, 'cpu.write');
    await first.user.clear(screen.getByLabelText('Title'));
    await first.user.type(screen.getByLabelText('Title'), 'My draft');
    first.unmount(); // Unmounting saves what is still pending.
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!)).toMatchObject({ v: 1 });
    renderEditor({ ...DOC, title: 'Another scenario on stage' });
    expect(screen.getByLabelText('Title')).toHaveValue('My draft');
    expect(step(3)).toHaveAccessibleName('Step 3: cpu.write');
    expect(screen.queryByTestId('draft-corrupt')).toBeNull();
  });

  test('invalid JSON text is kept in the draft too', async () => {
    const first = renderEditor();
    fireEvent.change(jsonText(), { target: { value: '{ "half": ' } });
    first.unmount();
    renderEditor();
    expect(jsonText()).toHaveValue('{ "half": ');
    expect(screen.getByTestId('json-parse-error')).toBeInTheDocument();
  });

  test('opening the editor without editing stores no draft', () => {
    const { unmount } = renderEditor();
    unmount();
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
  });

  test.each([
    ['bad JSON', '{"v":1,"doc":', /not valid JSON/],
    ['a wrong shape', '[1, 2, 3]', /not an object/],
    ['a draft without its text', '{"v":1,"doc":{}}', /text is missing/],
  ])('a corrupted draft (%s) is reported and set aside', async (_, raw, reason) => {
    localStorage.setItem(DRAFT_KEY, raw);
    const { user } = renderEditor();
    const banner = screen.getByTestId('draft-corrupt');
    expect(banner).toHaveTextContent(reason);
    const keys = corruptKeys();
    expect(keys).toHaveLength(1);
    expect(localStorage.getItem(keys[0]!)).toBe(raw);
    expect(banner).toHaveTextContent(keys[0]!);
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
    // The editor starts from the scenario on stage, and saving works again.
    expect(screen.getByLabelText('Title')).toHaveValue(DOC.title);
    await addStep(user, 'cpu.read');
    await waitFor(() => expect(localStorage.getItem(DRAFT_KEY)).not.toBeNull());
    expect(localStorage.getItem(keys[0]!)).toBe(raw);
    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('draft-corrupt')).toBeNull();
  });

  test('a bare scenario document in storage is read as a draft', () => {
    localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...DOC, title: 'Stored by hand' }));
    renderEditor();
    expect(screen.getByLabelText('Title')).toHaveValue('Stored by hand');
    expect(corruptKeys()).toEqual([]);
  });

  test('Import JSON loads a file; a file that is not JSON is refused', async () => {
    const { user } = renderEditor();
    const input = screen.getByLabelText<HTMLInputElement>('Import a scenario JSON file');
    const doc = {
      ...DOC,
      title: 'Imported',
      steps: [...DOC.steps, { op: 'cpu.read', proc: 'A', page: 1, count: 2 }],
    };
    await user.upload(
      input,
      new File([JSON.stringify(doc)], 'mine.json', { type: 'application/json' }),
    );
    await waitFor(() => expect(screen.getByLabelText('Title')).toHaveValue('Imported'));
    expect(await within(step(3)).findByTestId('step-result')).toHaveTextContent('data [0, 0]');
    expect(screen.getByTestId('editor-announcer')).toHaveTextContent('Imported mine.json');
    await user.upload(input, new File(['not json'], 'bad.json', { type: 'application/json' }));
    expect(
      await screen.findByText(/Import failed: bad.json is not valid JSON/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveValue('Imported');
    // An import is one undo step.
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByLabelText('Title')).toHaveValue(DOC.title);
  });

  test('Export JSON downloads the document through a Blob URL', async () => {
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:editor-test';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('editor-test.json');
      expect(this.href).toBe('blob:editor-test');
    });
    const { user } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(JSON.parse(await blobs[0]!.text())).toEqual(DOC);
  });

  test('New and Reset replace the document, and undo brings it back', async () => {
    const { user } = renderEditor();
    await user.click(screen.getByRole('button', { name: 'New' }));
    expect(screen.getByLabelText('Title')).toHaveValue('Untitled scenario');
    expect(screen.queryByRole('group', { name: /^Step 1:/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reset to the scenario on stage' }));
    expect(parsedJson()).toEqual(DOC);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByLabelText('Title')).toHaveValue('Untitled scenario');
  });

  test('a save the browser refuses is reported', async () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const { user } = renderEditor();
    await addStep(user, 'cpu.read');
    expect(await screen.findByText(/Not saved: .*QuotaExceededError/)).toBeInTheDocument();
    act(() => undefined);
  });
});
