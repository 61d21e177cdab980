// Message passing litmus without a spin: r0 == 1 && r1 == 0 needs store-store reordering (PSO).
int data; int flag; int r0; int r1;
void *w(void *arg) { data = 1; FENCE flag = 1; return 0; }
void *r(void *arg) { r0 = flag; r1 = data; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, r, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(!(r0 == 1 && r1 == 0));
  return 0;
}
