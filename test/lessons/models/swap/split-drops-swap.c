// Not from the review: a split that frees the range's swap blocks instead of
// handing them to the new object. Used by test/lessons/swap.test.ts to show that
// split_exact can fail.
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
  for (int i = 0; i < NPAGES; i++)
    orig_object.swap[i] = 0;
  split_done = 1;
  mutex_unlock(&orig_object.lock);
  mutex_unlock(&new_object.lock);
}
