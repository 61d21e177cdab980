// expect: fail assertion
// an == branch narrows i to 4 and a[i] is x.
int a[4]; int x;
void *w(void *arg) {
  for (int i = 0; i < 6; i++) { if (i == 4) a[i] = 1; }
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
