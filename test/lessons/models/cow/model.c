// The COW fork ordering lesson's model: glibc's two stack lists (RHBZ 477705).
//
// Compile it together with one of the fix files in this folder, e.g.
//   npx racecourse verify test/lessons/models/cow/model.c test/lessons/models/cow/a-solution.c
// The fix file defines the five functions the exercise lets a student write:
// list_add, stack_list_del, stack_list_add, reclaim_in_flight and __libc_fork.
//
// Layout. A page is 4 words. Every list head and every thread descriptor starts
// on a page of its own, so a per-page fork can copy a head and the node it points
// to at different moments, and so every descriptor's address is a multiple of 4:
// its low bit is free for the add/delete tag of in_flight_stack, as alignment
// makes it free in glibc.

//@ part layout
#pragma page_size 4
#pragma stack_words 4

typedef unsigned uintptr_t;

// glibc's name for a store-store barrier (smp_wmb in the kernel).
#define atomic_write_barrier smp_wmb

// glibc's list.h: a circular doubly-linked list through a head.
typedef struct list_head {
  struct list_head *next;
  struct list_head *prev;
} list_t;

// The part of glibc's struct pthread the lists need. The list link comes first,
// so list_entry is a cast.
struct pthread {
  list_t list;
  int tid;
  int pid;
};

// The heads are defined further down, once the descriptors they point to
// exist; these declarations fix where they live.
#pragma new_page
extern list_t stack_used;
#pragma new_page
extern list_t stack_cache;

#pragma new_page
// The operation in progress on either list: 0 (none), the element (delete) or
// the element with the low bit set (add). Written only under stack_cache_lock.
uintptr_t in_flight_stack;
// glibc's low-level lock word: 0 free, 1 taken, 2 taken with waiters.
int stack_cache_lock;
// Instrumentation, not glibc: what a debugger attached to the child would want
// to know (see marker_evidence below). Written only in the child, with
// atomic_store: a full barrier, so that what the properties read is what the
// child has done (the child is single-threaded; its own stores' order in a
// store buffer could not matter to it anyway).
int in_flight_at_fork;
int in_child;
int walking;

// The descriptors: t1 (the main thread here), which forks; t2, which joins; and
// a thread that has already exited and that t2 is joining. All three stacks are
// in use, the one being joined at the front; the cache is empty.
#pragma new_page
extern struct pthread pd_dead;
#pragma new_page
extern struct pthread pd_t2;
#pragma new_page
extern struct pthread pd_t1;

struct pthread pd_dead = { { &pd_t2.list, &stack_used }, 0, 1 };   // exited: the kernel cleared its tid
struct pthread pd_t2 = { { &pd_t1.list, &pd_dead.list }, 3, 1 };
struct pthread pd_t1 = { { &stack_used, &pd_t2.list }, 2, 1 };

list_t stack_used = { &pd_dead.list, &pd_t1.list };
list_t stack_cache = { &stack_cache, &stack_cache };

// What the exercise's fix defines.
void list_add(list_t *newp, list_t *head);
void stack_list_del(list_t *elem);
void stack_list_add(list_t *elem, list_t *list);
void reclaim_in_flight(void);
pid_t __libc_fork(struct pthread *self);

//@ part listh
// ---- glibc's list.h, the parts the fix does not touch ----------------------

void INIT_LIST_HEAD(list_t *head) {
  head->next = head;
  head->prev = head;
}

void list_del(list_t *elem) {
  elem->next->prev = elem->prev;
  elem->prev->next = elem->next;
}

// Move every element of `add` to the front of `head`.
void list_splice(list_t *add, list_t *head) {
  if (add != add->next) {
    add->next->prev = head;
    add->prev->next = head->next;
    head->next->prev = add->prev;
    head->next = add->next;
  }
}

//@ part lock
// ---- lowlevellock: a futex lock, as glibc's lll_lock ----------------------

void lll_lock(int *futex) {
  if (cmpxchg(futex, 0, 1) != 0) {
    while (atomic_exchange(futex, 2) != 0)
      futex_wait(futex, 2);
  }
}

void lll_unlock(int *futex) {
  if (atomic_exchange(futex, 0) == 2)
    futex_wake(futex, 1);
}

//@ part allocatestack
// ---- allocatestack.c -----------------------------------------------------

// pthread_join's last act: the joined thread's stack goes from the in-use list
// to the cache, under stack_cache_lock.
void __deallocate_stack(struct pthread *pd) {
  lll_lock(&stack_cache_lock);
  stack_list_del(&pd->list);
  stack_list_add(&pd->list, &stack_cache);   // queue_stack
  lll_unlock(&stack_cache_lock);
}

// Run in the child right after fork: every stack but the caller's is free now.
// glibc finds `self` in a register (THREAD_SELF); the model passes it.
void __reclaim_stacks(struct pthread *self) {
  // Did fork interrupt a list operation? Put the lists right first.
  reclaim_in_flight();

  // Every stack but the forking thread's own is free in the child. This is the loop
  // that spun at 100% CPU in Jeff Moyer's core dump (allocatestack.c:867).
  atomic_store(&walking, 1);
  list_t *runp;
  for (runp = stack_used.next; runp != &stack_used; runp = runp->next) {
    struct pthread *curp = (struct pthread *) runp;
    // (The model writes only what changes: a walk that never ends is then a
    // cycle of states, not an ever longer queue of buffered stores.)
    if (curp != self && curp->tid != 0)
      curp->tid = 0;
  }
  // Stacks in the cache now belong to this process (a second walk glibc makes).
  int pid = getpid();
  for (runp = stack_cache.next; runp != &stack_cache; runp = runp->next) {
    struct pthread *curp = (struct pthread *) runp;
    if (curp->pid != pid)
      curp->pid = pid;
  }
  atomic_store(&walking, 0);

  // glibc goes on: it splices stack_used onto stack_cache and puts the
  // caller's stack back as the only one in use. Those steps move whole lists
  // and can hide a torn link as easily as they keep it, so the model stops
  // here and its properties judge the lists the walks went through.

  // The lock may have been held by a thread the child does not have.
  stack_cache_lock = 0;
}

//@ part instrument
// Instrumentation: an atfork child handler runs in the child before fork
// returns, so it sees the marker exactly as the fork copied it.
void note_fork_in_child(void) {
  atomic_store(&in_child, 1);
  atomic_store(&in_flight_at_fork, in_flight_stack);
}

//@ part threads
// ---- the threads: Jeff Moyer's t1 and t2 ---------------------------------

// Once fork has returned in the parent, nothing the parent does can change the
// child's copy, and the properties are about the child. So the parent stops
// there: the checker need not interleave the rest of t2's work with the child.
void parent_after_fork(void) {
  _exit(0);
}

// t1 keeps calling fork (dma_thread.c's fork_thread); one call is enough here.
// In this model main runs it, so the child's one thread is a copy of main.
void *fork_thread(void *arg) {
  if (__libc_fork(&pd_t1) == 0)
    _exit(0);
  parent_after_fork();
  return 0;
}

// t2 joins a thread that has already exited: its stack moves to the cache.
void *join_thread(void *arg) {
  __deallocate_stack(&pd_dead);
  return 0;
}

// fork is async-signal-safe: a handler may call it on whatever thread it
// interrupted, in the middle of whatever that thread was doing.
void fork_in_handler(int sig) {
  if (__libc_fork(&pd_t2) == 0)
    _exit(0);
  parent_after_fork();
}

//@ part properties
// ---- properties -------------------------------------------------------------

// How many descriptors the model has: a bound for every walk below.
#define NSTACKS 3

// Where a descriptor is: 1 on stack_used, 2 on stack_cache, 0 on neither, 3 on
// both or twice. Walks at most NSTACKS + 1 links per list.
int where(struct pthread *pd) {
  int found = 0;
  int on = 0;
  list_t *p = stack_used.next;
  int n = 0;
  while (p != &stack_used && n <= NSTACKS) {
    if (p == &pd->list) { found++; on = 1; }
    p = p->next;
    n++;
  }
  p = stack_cache.next;
  n = 0;
  while (p != &stack_cache && n <= NSTACKS) {
    if (p == &pd->list) { found++; on = 2; }
    p = p->next;
    n++;
  }
  if (found > 1)
    return 3;
  return on;
}

// A list is well formed when following next from the head comes back to the
// head within NSTACKS + 1 links and every link's prev points back.
int well_formed(list_t *head) {
  list_t *p = head;
  int n = 0;
  do {
    if (p->next->prev != p)
      return 0;
    p = p->next;
    n++;
    if (n > NSTACKS + 1)
      return 0;
  } while (p != head);
  return 1;
}

// When the child exits, both of its lists are well formed and no stack is on
// both of them (or on one twice).
#pragma invariant at_exit lists_ok
int lists_ok(void) {
  if (!in_child)
    return 1;
  if (!well_formed(&stack_used) || !well_formed(&stack_cache))
    return 0;
  return where(&pd_t1) != 3 && where(&pd_t2) != 3 && where(&pd_dead) != 3;
}

// Stronger: every stack is on exactly one list. glibc's repair does not give
// this (a stack between stack_list_del and stack_list_add is on no list and no
// marker names it: Andrea Arcangeli's "nearly unfixable memleaks", comment 31).
#pragma invariant at_exit every_stack_listed
int every_stack_listed(void) {
  if (!in_child)
    return 1;
  int a = where(&pd_t1);
  int b = where(&pd_t2);
  int c = where(&pd_dead);
  return a != 0 && a != 3 && b != 0 && b != 3 && c != 0 && c != 3;
}

// Comment 9: while the child walks its lists (where it would hang), the marker
// still says which operation fork interrupted, so a core dump can tell.
#pragma invariant marker_evidence
int marker_evidence(void) {
  if (!walking)
    return 1;
  return in_flight_stack == in_flight_at_fork;
}

// The child leaves no operation marked as in flight.
#pragma invariant at_exit marker_cleared
int marker_cleared(void) {
  if (!in_child)
    return 1;
  return in_flight_stack == 0;
}

//@ part main
// ---- main -------------------------------------------------------------------

int main(void) {
  signal(SIGUSR1, fork_in_handler);
  pthread_atfork(0, 0, note_fork_in_child);

  // main is Jeff Moyer's t1: it starts t2, then forks.
  pthread_t t2;
  pthread_create(&t2, 0, join_thread, 0);
  fork_thread(0);
  pthread_join(t2, 0);
  return 0;
}
