// Exercise 1a, starter: glibc before January 2009. Stacks move between the lists
// with plain list operations and the child trusts whatever lists fork copied.

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
  pid_t pid = fork();
  if (pid == 0)
    __reclaim_stacks(self);
  return pid;
}
