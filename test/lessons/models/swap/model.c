// The swap pager race, cut down: one VM object with three page indexes, split by
// fork while a page fault reads index 2 in from swap. The fix under test
// defines swap_pager_getpages() (and, in 5b, vm_object_split()); everything
// else is here.

#define NPAGES 3
#define FAULT_PINDEX 2

// A resident page. `data` is a version number: larger is newer.
struct vm_page { int present; int valid; int busy; int data; };

struct vm_object {
  struct mutex lock;
  struct vm_page pages[NPAGES];
  int swap[NPAGES];      // version held by the swap block at each index; 0: none
  int pip;               // paging in progress: faults working on the object
};

// The shadow object fork is splitting: index 0 is resident, and newer than its
// copy on swap; indexes 1 and 2 are out on swap.
struct vm_object orig_object = {
  { 0 },
  { { 1, 1, 0, 2 }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } },
  { 1, 1, 1 },
  0
};
struct vm_object new_object;   // where vm_object_split moves its pages
struct rw_semaphore map_lock;  // the process's vm_map lock
struct vm_object *entry_object = &orig_object;  // what the map entry points at

// The newest contents of each page index, wherever that page lives.
int latest[NPAGES] = { 2, 1, 1 };
int split_started;
int split_done;
int pbufs_free = 1;

// Nothing anywhere holds contents older than the newest for its index.
#pragma invariant no_stale_page
int no_stale_page(void) {
  for (int i = 0; i < NPAGES; i++) {
    if (orig_object.pages[i].valid && orig_object.pages[i].data != latest[i])
      return 0;
    if (new_object.pages[i].valid && new_object.pages[i].data != latest[i])
      return 0;
  }
  return 1;
}

// After the split, every index of the range lives in the new object, as a page
// or a swap block (each starts with one or the other), and not in the original.
#pragma invariant split_exact
int split_exact(void) {
  if (!split_done)
    return 1;
  for (int i = 0; i < NPAGES; i++) {
    if (orig_object.pages[i].present || orig_object.swap[i] != 0)
      return 0;
    if (!new_object.pages[i].present && new_object.swap[i] == 0)
      return 0;
  }
  return 1;
}

// vm_page_alloc(): a new page at pindex, busy and not yet valid. (Busy is set
// first so that nobody ever sees the new page unbusied.)
void vm_page_alloc(struct vm_object *object, int pindex) {
  object->pages[pindex].busy = 1;
  object->pages[pindex].present = 1;
}

// vm_page_xunbusy(): wakes whoever sleeps on the page.
void vm_page_xunbusy(struct vm_object *object, int pindex) {
  object->pages[pindex].busy = 0;
  wakeup(&object->pages[pindex]);
}

// vm_page_rename(): move a page to another object. The kernel's radix tree
// panics when the destination already has a page at that index.
void vm_page_rename(struct vm_object *from, int pindex, struct vm_object *to) {
  assert(!to->pages[pindex].present);
  to->pages[pindex].data = from->pages[pindex].data;
  to->pages[pindex].valid = from->pages[pindex].valid;
  to->pages[pindex].present = 1;
  from->pages[pindex].present = 0;
  from->pages[pindex].valid = 0;
}

// swap_pager_haspage(): how many pages right below pindex have swap blocks.
int swap_pager_haspage_behind(struct vm_object *object, int pindex) {
  int n = 0;
  while (pindex - n - 1 >= 0 && object->swap[pindex - n - 1] != 0)
    n++;
  return n;
}

// getpbuf(): a buffer for the I/O; may sleep, so callers drop the object lock.
void getpbuf(void) {
  atomic_fetch_add(&pbufs_free, -1);
}

void relpbuf(void) {
  atomic_fetch_add(&pbufs_free, 1);
}

// The I/O itself: read swap into pages first..last and wake their sleepers.
// Runs with the object lock held (the completion handler's part of it).
void swap_pager_read(struct vm_object *object, int first, int last) {
  for (int i = first; i <= last; i++) {
    object->pages[i].data = object->swap[i];
    object->pages[i].valid = 1;
    if (i != FAULT_PINDEX)
      vm_page_xunbusy(object, i);
  }
}

// swap_pager_copy(): hand the range's swap blocks to the new object.
void swap_pager_copy(struct vm_object *from, struct vm_object *to) {
  for (int i = 0; i < NPAGES; i++) {
    if (from->swap[i] != 0 && to->swap[i] == 0)
      to->swap[i] = from->swap[i];
    from->swap[i] = 0;
  }
}

int swap_pager_getpages(struct vm_object *object, int pindex, int *rbehind);
void vm_object_split(void);

// vm_fault() on FAULT_PINDEX, a page that is out on swap.
void *page_fault(void *arg) {
  int rbehind = FAULT_PINDEX;            // read behind as far as swap allows
  down_read(&map_lock);                  // vm_map_lookup()
  struct vm_object *object = entry_object;
  mutex_lock(&object->lock);
  if (object->pages[FAULT_PINDEX].present) {   // resident already: nothing to read
    mutex_unlock(&object->lock);
    up_read(&map_lock);
    return NULL;
  }
  vm_page_alloc(object, FAULT_PINDEX);
  object->pip++;                         // vm_object_pip_add()
  up_read(&map_lock);                    // unlock_map(): about to do I/O
  swap_pager_getpages(object, FAULT_PINDEX, &rbehind);
  vm_page_xunbusy(object, FAULT_PINDEX);
  mutex_unlock(&object->lock);
  down_read(&map_lock);                  // the map may have changed: look again
  mutex_lock(&object->lock);
  object->pip--;                         // vm_object_pip_wakeup()
  wakeup(&object->pip);
  mutex_unlock(&object->lock);
  up_read(&map_lock);
  return NULL;
}

// fork(): vmspace_fork() holds the map exclusively while it splits the object.
void *do_fork(void *arg) {
  down_write(&map_lock);
  vm_object_split();
  entry_object = &new_object;            // the entry now maps the new object
  up_write(&map_lock);
  return NULL;
}

// Another path that reaches the object without the map (kib's objection): it
// instantiates index 1 with new contents, if nothing is there yet. It acts only
// before the split begins, so whatever goes wrong later goes wrong through the
// fault, not through this path.
void *other_path(void *arg) {
  mutex_lock(&orig_object.lock);
  if (!split_started && !orig_object.pages[1].present) {
    latest[1] = 2;
    orig_object.pages[1].data = 2;
    orig_object.pages[1].present = 1;
    orig_object.pages[1].valid = 1;
  }
  mutex_unlock(&orig_object.lock);
  return NULL;
}

int main(void) {
  pthread_t fault;
  pthread_t forker;
  pthread_t other;
  pthread_create(&fault, NULL, page_fault, NULL);
  pthread_create(&forker, NULL, do_fork, NULL);
  pthread_create(&other, NULL, other_path, NULL);
  pthread_join(fault, NULL);
  pthread_join(forker, NULL);
  pthread_join(other, NULL);
  return 0;
}
