// Wrong: the revision first posted for review. When the new object already
// has a page at an index, the page found in the original object must be a
// leftover of a racing fault: leave it where it is.
void vm_object_split(void) {
  mutex_lock(&new_object.lock);
  mutex_lock(&orig_object.lock);
  split_started = 1;
retry:
  for (int idx = 0; idx < NPAGES; idx++) {
    if (!orig_object.pages[idx].present)
      continue;
    if (orig_object.pages[idx].busy) {
      mutex_unlock(&new_object.lock);
      msleep(&orig_object.pages[idx], &orig_object.lock);
      mutex_lock(&new_object.lock);
      goto retry;
    }
    if (new_object.pages[idx].present)
      continue;
    vm_page_rename(&orig_object, idx, &new_object);
  }
  swap_pager_copy(&orig_object, &new_object);
  split_done = 1;
  mutex_unlock(&orig_object.lock);
  mutex_unlock(&new_object.lock);
}
