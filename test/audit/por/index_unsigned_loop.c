// expect: fail assertion
// an unsigned index (unsigned compares do not narrow).
int a[4]; int x;
void *w(void *arg) {
  for (unsigned i = 0; i < 5; i++) a[i] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
