// swap_pager_getpages() as it was in 2018: drop the object lock to get a
// buffer, then, after relocking, work out the read-behind range and
// allocate those pages.
int swap_pager_getpages(struct vm_object *object, int pindex, int *rbehind) {
  mutex_unlock(&object->lock);
  getpbuf();
  mutex_lock(&object->lock);

  int behind = *rbehind;
  int maxbehind = swap_pager_haspage_behind(object, pindex);
  if (behind > maxbehind)
    behind = maxbehind;
  // Clip the read-behind range to exclude resident pages.
  int first = pindex;
  for (int i = 1; i <= behind; i++) {
    if (object->pages[pindex - i].present)
      break;
    vm_page_alloc(object, pindex - i);
    first = pindex - i;
  }
  *rbehind = pindex - first;

  mutex_unlock(&object->lock);   // the read is in flight
  mutex_lock(&object->lock);     // and done
  swap_pager_read(object, first, pindex);
  relpbuf();
  return 0;
}
