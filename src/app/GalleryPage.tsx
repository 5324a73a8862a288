import { Gallery } from '../views/gallery/Gallery';
import { useFinalStates } from './useFinalStates';
import type { LibraryState } from './useLibrary';

/** The walk-through the app opens with comes first in the gallery. */
const FEATURED = ['default'];

/** The gallery page: the library (once loaded) with its previews. Loaded lazily. */
export function GalleryPage({
  library,
  current,
  currentTitle,
  onOpen,
  onBack,
}: {
  library: LibraryState;
  current: string;
  currentTitle: string;
  onOpen: (id: string) => void;
  onBack: () => void;
}) {
  const entries = library.status === 'ready' ? library.entries : null;
  const finals = useFinalStates(entries);
  return (
    <Gallery
      entries={entries}
      failed={library.status === 'failed' ? library.why : undefined}
      finals={finals}
      current={current}
      currentTitle={currentTitle}
      onOpen={onOpen}
      onBack={onBack}
      featured={FEATURED}
    />
  );
}
