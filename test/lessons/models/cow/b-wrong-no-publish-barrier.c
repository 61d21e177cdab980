// Exercise 1b, wrong fix: the marker is ordered, but list_add publishes the new
// element before its own links: the reordering of Jeff's footnote.

void list_add(list_t *newp, list_t *head) {
  newp->next = head->next;
  newp->prev = head;
  head->next->prev = newp;
  head->next = newp;
}

void stack_list_del(list_t *elem) {
  in_flight_stack = (uintptr_t) elem;
  // The marker is visible before any link changes ...
  atomic_write_barrier();
  list_del(elem);
  // ... and every link change before the marker goes away.
  atomic_write_barrier();
  in_flight_stack = 0;
}

void stack_list_add(list_t *elem, list_t *list) {
  in_flight_stack = (uintptr_t) elem | 1;
  atomic_write_barrier();
  list_add(elem, list);
  atomic_write_barrier();
  in_flight_stack = 0;
}

void reclaim_in_flight(void) {
  if (in_flight_stack != 0) {
    int add_p = in_flight_stack & 1;
    list_t *elem = (list_t *) (in_flight_stack & ~1);
    if (add_p) {
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
      elem->next->prev = elem->prev;
      elem->prev->next = elem->next;
    }
    in_flight_stack = 0;
  }
}

pid_t __libc_fork(struct pthread *self) {
  pid_t pid = fork();
  if (pid == 0)
    __reclaim_stacks(self);
  return pid;
}
