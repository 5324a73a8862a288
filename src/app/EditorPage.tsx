import type { ScenarioDoc } from '../engine';
import { ScenarioEditor } from '../views/editor/ScenarioEditor';

/** The editor page (loaded lazily): Play puts the edited document on stage. */
export function EditorPage(props: {
  initial: ScenarioDoc;
  onPlay: (doc: ScenarioDoc) => void;
  onClose: () => void;
}) {
  return (
    <main className="editor-page" aria-label="Scenario editor">
      <ScenarioEditor {...props} />
    </main>
  );
}
