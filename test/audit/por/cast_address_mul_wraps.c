// expect: fail assertion
// a product past 2^31 wraps to 0; plus 8 is x.
int x;
void *w(void *arg) {
  int a = 2; int b = a * 0x40000000; int c = b * 2; int *q = (int *) (c + 8); *q = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
