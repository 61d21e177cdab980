// A counting semaphore of 1 built on cmpxchg, two workers.
int sem = 1; int inside;
void down(void) { for (;;) { int v = atomic_load(&sem); if (v > 0 && cmpxchg(&sem, v, v - 1) == v) return; } }
void up(void) { atomic_fetch_add(&sem, 1); }
void *w(void *arg) { down(); inside = inside + 1; assert(inside == 1); inside = inside - 1; up(); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
