/** w1-mirror-snapshot: each checkpoint's right answer, as the author worked it out from the kernel. */
export default {
  'open-empty': 0,
  'snapshot-cpages': 4,
  'snapshot-write-bit': ['pte:A:0'],
  'walk-refcount': 1,
  'read-fault-access': 'write',
  // Page 1 too: dmirror_do_update's xa_for_each_range(start, end >> PAGE_SHIFT) is inclusive.
  'invalidate-drops': ['dpt:gpu0:0', 'dpt:gpu0:1'],
  'read-retry-fails': 1,
  // The byte is 0x01 (READ): A's entry for page 0 is no longer writable.
  'second-snapshot-page0': false,
};
