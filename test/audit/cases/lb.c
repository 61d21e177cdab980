// Load buffering: r0 == 1 && r1 == 1 needs load-store reordering, which none of sc/tso/pso allows.
int x; int y; int r0; int r1;
void *t0(void *arg) { r0 = x; y = 1; return 0; }
void *t1(void *arg) { r1 = y; x = 1; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, t0, 0); pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(!(r0 == 1 && r1 == 1));
  return 0;
}
