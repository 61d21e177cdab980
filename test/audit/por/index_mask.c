// expect: fail assertion
// a[k & 7] with k read from memory: k = 4 reaches x.
int a[4]; int x; int k = 4;
void *w(void *arg) {
  a[k & 7] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
