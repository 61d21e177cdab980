// expect: fail assertion
// the numeric address is read from a global.
int x; int addr = 8;
void *w(void *arg) {
  int *q = (int *) addr; *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
