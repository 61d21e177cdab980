// expect: fail assertion
// w writes x through a pointer kept in a global.
int x; int *p = &x;
void *w(void *arg) {
  *p = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
