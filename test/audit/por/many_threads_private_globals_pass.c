// expect: pass
// four threads, each on its own global, with the shared counter under a lock: a pass that
// the reduction shrinks (only the lock steps interleave).
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int p0; int p1; int p2; int p3; int count;
void *w0(void *arg) { p0 = 1; p0 = p0 + 1; pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); p0 = 3; return 0; }
void *w1(void *arg) { p1 = 1; p1 = p1 + 1; pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); p1 = 3; return 0; }
void *w2(void *arg) { p2 = 1; p2 = p2 + 1; pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); p2 = 3; return 0; }
void *w3(void *arg) { p3 = 1; p3 = p3 + 1; pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); p3 = 3; return 0; }
int main(void) {
  pthread_t a; pthread_t b; pthread_t c; pthread_t d;
  pthread_create(&a, 0, w0, 0); pthread_create(&b, 0, w1, 0); pthread_create(&c, 0, w2, 0); pthread_create(&d, 0, w3, 0);
  pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0); pthread_join(d, 0);
  assert(count == 4); assert(p0 + p1 + p2 + p3 == 12);
  return 0;
}
