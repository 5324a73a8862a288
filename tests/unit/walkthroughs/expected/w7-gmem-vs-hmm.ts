/**
 * w7-gmem-vs-hmm (s19-gmem-peer-map-fails): each checkpoint's right answer, as the author
 * worked it out from the GMEM RFC (domain.md §1.9, §2.18 G2, G5, G6; §4 B14).
 */
export default {
  // gm_dev_register_physmem builds an hnode xarray of gm_mapping {pfn, flag}: no dev_pagemap.
  'no-pgmap': false,
  // __do_huge_pmd_anonymous_page maps the whole HPAGE_SIZE chunk (4 pages in the model).
  'huge-fault-entries': ['pte:P1:0', 'pte:P1:1', 'pte:P1:2', 'pte:P1:3'],
  // Only GM_RET_MIGRATING is turned into success; other peer_map errors are returned.
  'fault-ret': 'GM_RET_FAILURE_UNKNOWN',
  // The error path: gm_mapping_flags_set(NOMAP) + put_page.
  'failed-flag': 'NOMAP',
  // The data page was freed; a NOMAP chunk gets a fresh zeroed huge page on the CPU fault.
  'read-after-loss': 0,
  // zap_page_range_single before peer_map: a DEVICE chunk has no CPU mapping (INV-X2).
  'cpu-entry-on-device': 'none',
  // put_page drops gm_dev_fault's get_page, the last reference after the zap.
  'host-page-freed': 0,
  // peer_unmap error: gm_host_fault_locked returns VM_FAULT_SIGBUS.
  'peer-unmap-fails': 'SIGBUS',
};
