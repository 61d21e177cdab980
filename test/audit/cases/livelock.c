// Two polite threads: each raises its flag, backs off if the other's is up, and retries.
// Under weak fairness they can alternate forever: non-termination.
int f0; int f1;
void *t0(void *arg) {
  for (;;) { f0 = 1; if (f1 == 0) break; f0 = 0; }
  f0 = 0;
  return 0;
}
void *t1(void *arg) {
  for (;;) { f1 = 1; if (f0 == 0) break; f1 = 0; }
  f1 = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, t0, 0); pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
