// The version that landed: allocate the read-behind pages first, and get the
// buffer only after the object lock is dropped for the read — sleeping for a
// buffer with all the pages busy is no worse than with the faulting one busy.
int swap_pager_getpages(struct vm_object *object, int pindex, int *rbehind) {
  int behind = *rbehind;
  int maxbehind = swap_pager_haspage_behind(object, pindex);
  if (behind > maxbehind)
    behind = maxbehind;
  int first = pindex;
  for (int i = 1; i <= behind; i++) {
    if (object->pages[pindex - i].present)
      break;
    vm_page_alloc(object, pindex - i);
    first = pindex - i;
  }
  *rbehind = pindex - first;

  mutex_unlock(&object->lock);   // the read is in flight
  getpbuf();
  mutex_lock(&object->lock);     // and done
  swap_pager_read(object, first, pindex);
  relpbuf();
  return 0;
}
