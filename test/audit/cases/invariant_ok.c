#pragma invariant bounded
int a;
int bounded(void) { return a >= 0 && a <= 2; }
void *inc(void *arg) { atomic_fetch_add(&a, 1); return 0; }
int main(void) {
  pthread_t t; pthread_t u;
  pthread_create(&t, 0, inc, 0); pthread_create(&u, 0, inc, 0);
  pthread_join(t, 0); pthread_join(u, 0);
  return 0;
}
