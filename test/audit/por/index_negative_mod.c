// expect: fail assertion
// a[(i - 3) % 4] with i = 2 is a[-1], x.
int x; int a[4];
void *w(void *arg) {
  for (int i = 2; i < 3; i++) a[(i - 3) % 4] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
