/** The editor and GMEM's ops (issue 8): the palette group, their fields, the device's driver. */
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ScenarioDoc } from '../../../src/engine';
import { addStep, parsedJson, renderEditor, step } from './helpers';

const GMEM_DOC: ScenarioDoc = {
  format: 'hmm-lab/scenario@1',
  title: 'GMEM editor test',
  machine: {
    systemPages: 16,
    devices: [{ name: 'npu0', memory: 'private', pages: 8, driver: 'gmem' }],
    kernel: { gmem: true },
  },
  steps: [
    { op: 'spawn', proc: 'P1' },
    { op: 'mmap', proc: 'P1', page: 0, count: 4, prot: 'rw', peer: true },
    { op: 'gm.as-create', as: 'as0', page: 0, count: 64 },
  ],
};

describe('GMEM steps in the editor', () => {
  // The editor keeps a draft per document in localStorage: each test starts from the document.
  beforeEach(() => localStorage.clear());

  test('gm.dev-fault: added with defaults; the hint select writes MARK_HOT and removes it', async () => {
    const { user } = renderEditor(GMEM_DOC);
    await addStep(user, 'gm.dev-fault');
    expect(parsedJson().steps[3]).toEqual({
      op: 'gm.dev-fault',
      proc: 'P1',
      device: 'npu0',
      page: 0,
    });
    const hint = within(step(4)).getByRole('combobox', { name: 'Hint' });
    await user.selectOptions(hint, 'MARK_HOT');
    expect(parsedJson().steps[3]).toMatchObject({ hint: 'MARK_HOT' });
    await user.selectOptions(hint, '');
    expect(parsedJson().steps[3]).not.toHaveProperty('hint');
  });

  test('gm.as-attach names the latest address space; gm.mmu writes a GM_RET_* name', async () => {
    const { user } = renderEditor(GMEM_DOC);
    await addStep(user, 'gm.as-attach');
    expect(parsedJson().steps[3]).toMatchObject({ as: 'as0', device: 'npu0', proc: 'P1' });
    await addStep(user, 'gm.mmu');
    const ret = within(step(5)).getByRole('combobox', { name: 'peer_unmap returns' });
    await user.selectOptions(ret, 'GM_RET_FAILURE_UNKNOWN');
    expect(parsedJson().steps[4]).toMatchObject({ peer_unmap: 'GM_RET_FAILURE_UNKNOWN' });
  });

  test("a device's driver: GMEM is written, HMM (the default) removes the key", async () => {
    const { user } = renderEditor(GMEM_DOC);
    const driver = screen.getByRole('combobox', { name: 'Driver' });
    expect(driver).toHaveValue('gmem');
    await user.selectOptions(driver, '');
    expect(parsedJson().machine.devices[0]).not.toHaveProperty('driver');
  });
});
