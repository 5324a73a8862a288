import type { ScenarioOutline } from './scenarioOutline';

export interface ScenarioPickerProps {
  /** Scenarios to choose from, in the order shown. */
  scenarios: readonly Pick<ScenarioOutline, 'id' | 'title'>[];
  /** Id of the scenario on stage. */
  value: string;
  onChange: (id: string) => void;
}

/** The header's scenario chooser: a native select, so it works with every keyboard and reader. */
export function ScenarioPicker({ scenarios, value, onChange }: ScenarioPickerProps) {
  return (
    <label className="scenario-picker">
      <span className="scenario-picker__label">Scenario</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="scenario-picker"
      >
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}
