// Wrong: after sleeping on a busy page, resume the scan at that page's index
// instead of the bottom of the range, so pages allocated behind it meanwhile
// are never transferred.
void vm_object_split(void) {
  int start = 0;
  mutex_lock(&new_object.lock);
  mutex_lock(&orig_object.lock);
  split_started = 1;
retry:
  for (int idx = start; idx < NPAGES; idx++) {
    if (!orig_object.pages[idx].present)
      continue;
    if (orig_object.pages[idx].busy) {
      mutex_unlock(&new_object.lock);
      start = idx;
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
