void *w(void *arg) { return (void *)((int)arg + 1); }
int main(void) {
  pthread_t t; void *r;
  pthread_create(&t, 0, w, (void *)41);
  pthread_join(t, &r);
  assert((int)r == 42);
  assert(pthread_join(t, 0) == 3);
  return 0;
}
