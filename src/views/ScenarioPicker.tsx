import { Fragment } from 'react';

export interface ScenarioPickerProps {
  /** Scenarios to choose from, in groups, in the order shown (a null label: no heading). */
  groups: readonly { label: string | null; options: readonly { id: string; title: string }[] }[];
  /** Id of the scenario on stage. */
  value: string;
  onChange: (id: string) => void;
}

/** The header's scenario chooser: a native select, so it works with every keyboard and reader. */
export function ScenarioPicker({ groups, value, onChange }: ScenarioPickerProps) {
  const options = (list: readonly { id: string; title: string }[]) =>
    list.map((s) => (
      <option key={s.id} value={s.id}>
        {s.title}
      </option>
    ));
  return (
    <label className="scenario-picker">
      <span className="scenario-picker__label">Scenario</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="scenario-picker"
      >
        {groups.map((g, i) =>
          g.label === null ? (
            <Fragment key={`-${i}`}>{options(g.options)}</Fragment>
          ) : (
            <optgroup key={`${g.label}-${i}`} label={g.label}>
              {options(g.options)}
            </optgroup>
          ),
        )}
      </select>
    </label>
  );
}
