// A loops taking and dropping m until B has run; B needs m once. B is enabled only while
// m is free, so under weak fairness A may starve it forever: non-termination.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int done;
void *a(void *arg) { while (atomic_load(&done) == 0) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); } return 0; }
void *b(void *arg) { pthread_mutex_lock(&m); atomic_store(&done, 1); pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t x; pthread_t y;
  pthread_create(&x, 0, a, 0); pthread_create(&y, 0, b, 0);
  pthread_join(x, 0); pthread_join(y, 0);
  return 0;
}
