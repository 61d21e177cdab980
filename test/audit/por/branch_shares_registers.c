// expect: fail assertion
// A conditional branch on a loaded value (no narrowing) gave both successors one
// register array; joining into one widened the other in place, so the loop's
// index was followed only for i in [0, 1] and ta's store to a[3] was missed:
// main's load of a[3] was taken alone and the assertion could never fail.
int g;
int a[10];
void *ta(void *arg) {
  int i = 0;
  while (i < 5) {
    if (g) { a[i] = 1; }
    i = i + 1;
  }
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, ta, 0);
  g = 1;
  int x = a[3];
  assert(x == 0);
  pthread_join(h, 0);
  return 0;
}
