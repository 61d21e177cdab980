// The first fix proposed in the review: before dropping the lock, clip the
// read-behind range to stop above the nearest resident page below pindex.
// The allocation still happens after relocking.
int swap_pager_getpages(struct vm_object *object, int pindex, int *rbehind) {
  int clipped = *rbehind;
  for (int i = 1; i <= clipped; i++) {
    if (object->pages[pindex - i].present) {
      clipped = i - 1;
      break;
    }
  }
  *rbehind = clipped;
  mutex_unlock(&object->lock);
  getpbuf();
  mutex_lock(&object->lock);

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
  mutex_lock(&object->lock);     // and done
  swap_pager_read(object, first, pindex);
  relpbuf();
  return 0;
}
