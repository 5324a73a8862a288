/** w3-cpu-faults: each checkpoint's right answer, as the author worked it out from the kernel. */
export default {
  'private-mapcount': 1,
  // A's device-private entry + do_swap_page's reference (the 2022 fix).
  'fault-refcount': 2,
  'collect-entry': 'migration',
  // The MIGRATE notifier skips gpu0: dmirror_devmem_fault_alloc_and_copy erases page 0 itself.
  'mirror-entry-erased': ['dpt:gpu0:0'],
  // Only do_swap_page's reference is left until it unlocks and puts the page.
  'finalize-refcount': 1,
  // folio_trylock fails on the page the fault holds: the racing migrate-back collects nothing.
  'race-collect-skips': 'devicePrivate',
  'gup-faults-back': 'system',
  // The pgmap's base reference + dev0:3, still held by the fault.
  'release-pgmap-refs': 2,
};
