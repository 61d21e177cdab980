// The committed fix: settle the read-behind range and allocate its pages,
// busy, before the object lock is dropped. A split that runs meanwhile stops
// at the first of them instead of at the faulting page.
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

  mutex_unlock(&object->lock);
  getpbuf();
  mutex_lock(&object->lock);

  mutex_unlock(&object->lock);   // the read is in flight
  mutex_lock(&object->lock);     // and done
  swap_pager_read(object, first, pindex);
  relpbuf();
  return 0;
}
