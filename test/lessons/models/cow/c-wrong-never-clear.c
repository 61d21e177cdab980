// Exercise 1c, wrong fix: keep the marker by never clearing it. The child
// then carries a stale operation into its own future forks.
void list_add(list_t *newp, list_t *head) {
  newp->next = head->next;
  newp->prev = head;
  head->next->prev = newp;
  head->next = newp;
}

void stack_list_del(list_t *elem) {
  in_flight_stack = (uintptr_t) elem;
  list_del(elem);
  in_flight_stack = 0;
}

void stack_list_add(list_t *elem, list_t *list) {
  in_flight_stack = (uintptr_t) elem | 1;
  list_add(elem, list);
  in_flight_stack = 0;
}

void reclaim_in_flight(void) {
  if (in_flight_stack != 0) {
    int add_p = in_flight_stack & 1;
    list_t *elem = (list_t *) (in_flight_stack & ~1);
    if (add_p) {
      // Additions go to the front, so only the first element can be half
      // linked: its prev already names elem while the head does not yet.
      list_t *l = &stack_used;
      if (l->next->prev == l)
        l = &stack_cache;
      if (l->next->prev != l) {
        assert(l->next->prev == elem);
        elem->next = l->next;
        elem->prev = l;
        l->next = elem;
      }
    } else {
      // A delete can always be done again: elem still knows its neighbours.
      elem->next->prev = elem->prev;
      elem->prev->next = elem->next;
    }
    // Keep the marker: if the child hangs below, a core dump still shows
    // which operation fork interrupted.
  }
}

pid_t __libc_fork(struct pthread *self) {
  pid_t pid = fork();
  if (pid == 0) {
    __reclaim_stacks(self);
  }
  return pid;
}
