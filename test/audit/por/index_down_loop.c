// expect: fail assertion
// a loop counting down past 0 writes a[-1], x.
int x; int a[4];
void *w(void *arg) {
  for (int i = 3; i >= -1; i--) a[i] = 0; x = 0; a[-1] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
