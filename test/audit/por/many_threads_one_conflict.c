// expect: fail assertion
// five threads work on private words; one of them also writes x once.
int priv[5]; int x;
void *w(void *arg) { int id = (int) arg; priv[id] = 1; priv[id] = 2; if (id == 3) x = 1; priv[id] = 3; return 0; }
int main(void) {
  pthread_t h[5];
  for (int i = 0; i < 5; i++) pthread_create(&h[i], 0, w, (void *) i);
  int r = x; assert(r == 0);
  for (int i = 0; i < 5; i++) pthread_join(h[i], 0);
  return 0;
}
