// expect: fail assertion
// a[(i + 3) % 5] reaches a[4], which is x.
int a[4]; int x;
void *w(void *arg) {
  for (int i = 0; i < 2; i++) a[(i + 3) % 5] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
