// Exercise 1a, wrong fix: hold stack_cache_lock around the kernel fork. Fine
// for t1; but fork may run in a signal handler on a thread that already holds
// the lock in the middle of a list update (Drepper, comment 3), and then it
// waits for itself forever.
// list.h's list_add of that time: the new element's neighbours are updated in an
// order that publishes it (head->next) last.
void list_add(list_t *newp, list_t *head) {
  head->next->prev = newp;
  newp->next = head->next;
  newp->prev = head;
  head->next = newp;
}

void stack_list_del(list_t *elem) {
  list_del(elem);
}

void stack_list_add(list_t *elem, list_t *list) {
  list_add(elem, list);
}

// Called first thing in the child: nothing to repair, or so it was thought.
void reclaim_in_flight(void) {
}

// fork.c: the kernel fork, then the child's bookkeeping.
pid_t __libc_fork(struct pthread *self) {
  // Andrea Arcangeli's first idea: no list operation can be half done while
  // fork holds the lock every list operation takes.
  lll_lock(&stack_cache_lock);
  pid_t pid = fork();
  if (pid == 0)
    __reclaim_stacks(self);     // re-initialises the lock in the child
  else
    lll_unlock(&stack_cache_lock);
  return pid;
}
