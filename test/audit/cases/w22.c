// 2+2W: final x == 1 && y == 1 needs store-store reordering (PSO only).
int x; int y;
void *t0(void *arg) { x = 1; y = 2; return 0; }
void *t1(void *arg) { y = 1; x = 2; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, t0, 0); pthread_create(&b, 0, t1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(!(x == 1 && y == 1));
  return 0;
}
