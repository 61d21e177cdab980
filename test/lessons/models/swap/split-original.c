// vm_object_split(): move every page of the range to the new object, in index
// order. A busy page must finish its I/O first: sleep on it, dropping the
// object lock, then start over from the lowest index.
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
    vm_page_rename(&orig_object, idx, &new_object);
  }
  swap_pager_copy(&orig_object, &new_object);
  split_done = 1;
  mutex_unlock(&orig_object.lock);
  mutex_unlock(&new_object.lock);
}
