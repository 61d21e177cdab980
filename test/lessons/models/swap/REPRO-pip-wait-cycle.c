// REPRO for the machine's stuck-state classification (runtime/sim/stuck.ts).
// `racecourse verify REPRO-pip-wait-cycle.c` reports
//   lost-wakeup: thread 3 sleeps forever waiting for a wakeup on channel pip ...
// but the state is a circular wait: `waker` would wake `sleeper`, and is blocked
// on map_lock, which `sleeper` holds. The swap lesson's pip_wait wrong fix (alc's
// "deadlock between the fork and the page fault") is this shape, so the lesson
// catalogues it as breaks=lost-wakeup for now; if stuck() learns to call a sleeper
// whose only wakers wait on locks it holds a deadlock, the lesson's breaks= must
// become deadlock.
struct mutex obj_lock;
struct rw_semaphore map_lock;
int pip = 1;

void *waker(void *arg) {
  down_read(&map_lock);          // blocks: sleeper holds it for writing
  mutex_lock(&obj_lock);
  pip = 0;
  wakeup(&pip);
  mutex_unlock(&obj_lock);
  up_read(&map_lock);
  return NULL;
}

void *sleeper(void *arg) {
  down_write(&map_lock);
  mutex_lock(&obj_lock);
  while (pip > 0)
    msleep(&pip, &obj_lock);
  mutex_unlock(&obj_lock);
  up_write(&map_lock);
  return NULL;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&b, NULL, sleeper, NULL);
  pthread_create(&a, NULL, waker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
