import { isSelftest, SCENARIO_TOPICS, TOPIC_TITLES } from '../scenarios/library/topics';
import type { BuiltinScenario } from './builtinScenarios';
import { LINK_ID_PREFIX } from './useScenarioFromUrl';

export interface PickerGroup {
  /** null: no group heading (the default scenario). */
  label: string | null;
  options: { id: string; title: string }[];
}

/**
 * The picker's entries in groups: the default first, the library by topic, the kernel
 * selftests, then scenarios opened from links and the editor's draft.
 */
export function pickerGroups(
  scenarios: readonly BuiltinScenario[],
  draftId: string,
): PickerGroup[] {
  const groups = new Map<string, { rank: number; group: PickerGroup }>();
  const add = (rank: number, label: string | null, id: string, title: string) => {
    const key = `${rank}:${label ?? ''}`;
    if (!groups.has(key)) groups.set(key, { rank, group: { label, options: [] } });
    groups.get(key)!.group.options.push({ id, title });
  };
  const topics = SCENARIO_TOPICS.length;
  for (const s of scenarios) {
    const topic = s.doc.about?.topic;
    if (s.id.startsWith(LINK_ID_PREFIX))
      add(topics + 2, 'From links', s.id, `From link: ${s.doc.title}`);
    else if (s.id === draftId) add(topics + 3, 'Editor', s.id, `Draft: ${s.doc.title}`);
    else if (isSelftest(s)) add(topics + 1, 'Kernel selftests', s.id, s.doc.title);
    else if (topic && s.id !== 'default')
      add(1 + SCENARIO_TOPICS.indexOf(topic), TOPIC_TITLES[topic], s.id, s.doc.title);
    else add(0, null, s.id, s.doc.title);
  }
  return [...groups.values()].sort((a, b) => a.rank - b.rank).map((g) => g.group);
}
