// Store buffering litmus: r0 == 0 && r1 == 0 is forbidden under SC only.
int x; int y; int r0; int r1;
void *t0(void *arg) { x = 1; FENCE r0 = y; return 0; }
void *t1(void *arg) { y = 1; FENCE r1 = x; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, t0, 0); pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(!(r0 == 0 && r1 == 0));
  return 0;
}
