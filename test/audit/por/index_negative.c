// expect: fail assertion
// a[-1] is the word before a: x.
int x; int a[4];
void *w(void *arg) {
  int i = -1; a[i] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
