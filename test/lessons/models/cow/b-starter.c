// Exercise 1b, starter: the in-flight repair with no barrier anywhere. Under
// sequential consistency it is right (exercise 1a); here stores may reach
// memory in any order.

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
  uintptr_t marker = in_flight_stack;
  if (marker == 0)
    return;
  list_t *elem = (list_t *) (marker & ~1);
  if ((marker & 1) == 0) {
    // Redo the delete: elem still holds both neighbours.
    elem->next->prev = elem->prev;
    elem->prev->next = elem->next;
  } else {
    // Finish the add on the list whose first element already points back
    // at elem while the head does not point at elem yet.
    list_t *l = 0;
    if (stack_used.next->prev != &stack_used)
      l = &stack_used;
    else if (stack_cache.next->prev != &stack_cache)
      l = &stack_cache;
    if (l != 0) {
      assert(l->next->prev == elem);
      elem->next = l->next;
      elem->prev = l;
      l->next = elem;
    }
  }
  in_flight_stack = 0;
}

pid_t __libc_fork(struct pthread *self) {
  pid_t pid = fork();
  if (pid == 0)
    __reclaim_stacks(self);
  return pid;
}
