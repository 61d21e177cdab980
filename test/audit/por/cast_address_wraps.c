// expect: fail assertion
// the address wraps around 2^32 in a register: 0x7fffffff + 0x7fffffff + 10 is 8.
int x;
void *w(void *arg) {
  int a = 0x7fffffff; int b = a + a; int *q = (int *) (b + 10); *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
