// expect: fail assertion
// the index is read from memory.
int a[4]; int x; int idx = 4;
void *w(void *arg) {
  a[idx] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
