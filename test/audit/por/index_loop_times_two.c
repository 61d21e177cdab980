// expect: fail assertion
// a[2 * i] for i < 3 reaches a[4], which is x.
int a[4]; int x;
void *w(void *arg) {
  for (int i = 0; i < 3; i++) a[2 * i] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
