// expect: fail assertion
// a loop longer than the widening threshold reaches a[20], x.
int a[20]; int x;
void *w(void *arg) {
  for (int i = 0; i <= 20; i++) a[i] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
