// The first fix proposed in the review: before dropping the lock, clip the
// read-behind range to stop above the nearest resident page below pindex.
// The allocation still happens after relocking.
int swap_pager_getpages(struct vm_object *object, int pindex, int *rbehind) {
  for (int i = 1; i <= *rbehind; i++) {
    if (object->pages[pindex - i].present) {
      *rbehind = i - 1;
      break;
    }
  }
  mutex_unlock(&object->lock);
  getpbuf();
  mutex_lock(&object->lock);

  int maxbehind = swap_pager_haspage_behind(object, pindex);
  if (*rbehind > maxbehind)
    *rbehind = maxbehind;
  int first = pindex;
  for (int i = 1; i <= *rbehind; i++) {
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
