/** w2-migration: each checkpoint's right answer, as the author worked it out from the kernel. */
export default {
  'pin-refcount': 2,
  'collect-migration-entries': 1,
  'pinned-stays': 'system',
  'pgmap-refs': 4,
  'holes-filled': ['pte:A:1', 'pte:A:3'],
  'cpu-fault-where': 'system',
  'pgmap-after-return': 3,
};
