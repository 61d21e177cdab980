// smp_wmb orders every earlier store before every later one.
int x; int y; int z; int r0; int r1; int r2;
void *w(void *arg) { x = 1; y = 1; smp_wmb(); z = 1; return 0; }
void *r(void *arg) { r0 = z; r1 = x; r2 = y; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, r, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(!(r0 == 1 && (r1 == 0 || r2 == 0)));
  return 0;
}
