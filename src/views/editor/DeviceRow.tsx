/** One device of the machine: its name, memory kind and size, and a button to remove it. */
import { CloseIcon } from '../icons';
import { useEditor } from './EditorContext';
import { NumberField, SelectField, TextField } from './Field';
import type { JsonObject } from './json';

const MEMORY = [
  ['private', 'private (MEMORY_DEVICE_PRIVATE)'],
  ['coherent', 'coherent (MEMORY_DEVICE_COHERENT)'],
] as const;

/** Who drives the device: test_hmm through HMM (the default) or a GMEM driver (seed 003). */
const DRIVER = [
  ['', 'HMM (test_hmm)'],
  ['gmem', 'GMEM (needs kernel gmem)'],
] as const;

export function DeviceRow({
  index,
  device,
  onRemove,
}: {
  index: number;
  device: JsonObject;
  onRemove: (index: number) => void;
}) {
  const { errors, readOnly } = useEditor();
  const base = `machine.devices[${index}]`;
  const path = (key: string) => ['machine', 'devices', index, key] as const;
  const other = errors.unplaced(
    base,
    ['name', 'memory', 'pages', 'driver'].map((k) => `${base}.${k}`),
  );
  const label =
    typeof device.name === 'string' && device.name ? device.name : `device ${index + 1}`;
  return (
    <li className="ed-device">
      <fieldset>
        <legend>Device {index + 1}</legend>
        <div className="ed-device__fields">
          <TextField path={path('name')} label="Name" value={device.name} />
          <SelectField
            path={path('memory')}
            label="Memory"
            value={device.memory}
            options={MEMORY}
          />
          <NumberField path={path('pages')} label="Pages" value={device.pages} min={1} />
          <SelectField
            optional
            path={path('driver')}
            label="Driver"
            value={device.driver === 'hmm' ? '' : device.driver}
            options={DRIVER}
          />
          <button
            type="button"
            className="icon-button ed-device__remove"
            aria-label={`Remove device ${label}`}
            title={`Remove device ${label}`}
            disabled={readOnly}
            onClick={() => onRemove(index)}
          >
            <CloseIcon />
          </button>
        </div>
        {other.map((e, i) => (
          <p key={i} className="ed-field__error">
            <span aria-hidden="true">⚠ </span>
            {e.message}
          </p>
        ))}
      </fieldset>
    </li>
  );
}
