/**
 * The document's head: title and summary, then the machine — system RAM and the devices
 * (each one dev_pagemap of `pages` frames; at most LIMITS.maxDevices).
 */
import { LIMITS } from '../../scenarios/schema';
import { PlusIcon } from '../icons';
import { EditorKernelSection } from '../kernel/EditorKernelSection';
import { DeviceRow } from './DeviceRow';
import { useEditor } from './EditorContext';
import { NumberField, TextField } from './Field';
import { type JsonObject, asArray, asObject } from './json';

function freshDeviceName(used: readonly string[]): string {
  for (let i = 0; ; i++) if (!used.includes(`dev${i}`)) return `dev${i}`;
}

export function MachineForm({ doc }: { doc: JsonObject }) {
  const { errors, readOnly, set, names, idPrefix } = useEditor();
  const machine = asObject(doc.machine) ?? {};
  const devices = asArray(machine.devices) ?? [];
  const deviceErrors = errors.unplaced('machine', [
    'machine.systemPages',
    'machine.kernel',
    ...devices.map((_, i) => `machine.devices[${i}]`),
  ]);
  const full = devices.length >= LIMITS.maxDevices;
  return (
    <section className="ed-machine" aria-labelledby={`${idPrefix}--machine`}>
      <h3 id={`${idPrefix}--machine`} className="ed-section__title">
        Scenario and machine
      </h3>
      <TextField path={['title']} label="Title" value={doc.title} />
      <TextField path={['summary']} label="Summary (optional)" value={doc.summary} multiline />
      <NumberField
        path={['machine', 'systemPages']}
        label="System RAM (pages)"
        value={machine.systemPages}
        min={1}
      />
      <h4 className="ed-subtitle">Devices</h4>
      {devices.length === 0 ? <p className="ed-empty">No devices: the CPU only.</p> : null}
      <ul className="ed-devices">
        {devices.map((d, i) => (
          <DeviceRow
            key={i}
            index={i}
            device={asObject(d) ?? {}}
            onRemove={(index) =>
              set(
                ['machine', 'devices'],
                devices.filter((_, j) => j !== index),
                true,
              )
            }
          />
        ))}
      </ul>
      {deviceErrors.map((e, i) => (
        <p key={i} className="ed-field__error">
          <span aria-hidden="true">⚠ </span>
          {e.path}: {e.message}
        </p>
      ))}
      <button
        type="button"
        className="icon-button"
        disabled={readOnly || full}
        onClick={() =>
          set(
            ['machine', 'devices'],
            [...devices, { name: freshDeviceName(names.devices), memory: 'private', pages: 16 }],
            true,
          )
        }
      >
        <PlusIcon /> Add a device
      </button>
      {full ? <p className="ed-field__hint">At most {LIMITS.maxDevices} devices.</p> : null}
      <EditorKernelSection kernel={machine.kernel} />
    </section>
  );
}
