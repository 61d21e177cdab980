// expect: fail assertion
// three workers created in a loop; only the one given 2 writes x.
int x;
void *w(void *arg) { int id = (int) arg; if (id == 2) x = 1; return 0; }
int main(void) {
  pthread_t h[3];
  for (int i = 0; i < 3; i++) pthread_create(&h[i], 0, w, (void *) i);
  int r = x; assert(r == 0);
  for (int i = 0; i < 3; i++) pthread_join(h[i], 0);
  return 0;
}
