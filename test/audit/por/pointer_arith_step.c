// expect: fail assertion
// pointer arithmetic from one global into the next.
int y; int x;
void *w(void *arg) {
  int *q = &y; q = q + 1; *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
