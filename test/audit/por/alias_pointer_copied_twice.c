// expect: fail assertion
// the pointer goes through two globals before the store.
int x; int *p = &x; int *q;
void *w(void *arg) {
  q = p; *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
