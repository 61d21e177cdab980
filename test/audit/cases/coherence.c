// Coherence: two stores to one location are seen in program order (CoWW/CoRR), and a
// thread reads its own latest store.
int x; int r0; int r1; int own;
void *w(void *arg) { x = 1; x = 2; own = x; return 0; }
void *r(void *arg) { r0 = x; r1 = x; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, r, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(own == 2 && x == 2);
  assert(!(r0 == 2 && r1 == 1));
  return 0;
}
