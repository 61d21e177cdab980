// expect: fail assertion
// the numeric address is computed with * and + in registers.
int x;
void *w(void *arg) {
  int k = 2; int *q = (int *) (k * 3 + 2); *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
