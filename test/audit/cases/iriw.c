// IRIW: the readers disagree on the order of two independent stores. Forbidden in any
// multi-copy-atomic model (sc, tso, pso with store buffers draining to one memory).
int x; int y; int a0; int a1; int b0; int b1;
void *wx(void *arg) { x = 1; return 0; }
void *wy(void *arg) { y = 1; return 0; }
void *ra(void *arg) { a0 = x; a1 = y; return 0; }
void *rb(void *arg) { b0 = y; b1 = x; return 0; }
int main(void) {
  pthread_t t[4];
  pthread_create(&t[0], 0, wx, 0); pthread_create(&t[1], 0, wy, 0);
  pthread_create(&t[2], 0, ra, 0); pthread_create(&t[3], 0, rb, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
  assert(!(a0 == 1 && a1 == 0 && b0 == 1 && b1 == 0));
  return 0;
}
