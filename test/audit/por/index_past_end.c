// expect: fail assertion
// a[4] is the word after a: x.
int a[4]; int x;
void *w(void *arg) {
  a[4] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
