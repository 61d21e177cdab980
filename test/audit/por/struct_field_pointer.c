// expect: fail assertion
// w writes s.b through a pointer to it.
struct S { int a; int b; } s; int *p = &s.b;
void *w(void *arg) {
  *p = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = s.b; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
