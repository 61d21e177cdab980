// expect: fail assertion
// i != 4 cannot narrow: the else branch writes a[4].
int a[4]; int x; int g = 1;
void *w(void *arg) {
  for (int i = 0; i < 6; i++) { if (i != 4) { } else { a[i] = g; } }
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
