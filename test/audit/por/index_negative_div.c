// expect: fail assertion
// a[(i - 7) / 2] with i = 5 is a[-1], x.
int x; int a[4];
void *w(void *arg) {
  int i = 5; a[(i - 7) / 2] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
