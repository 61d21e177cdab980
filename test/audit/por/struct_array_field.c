// expect: fail assertion
// an array of structs indexed in a loop.
struct S { int a; int b; } s[3];
void *w(void *arg) {
  for (int i = 0; i < 3; i++) s[i].b = i;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = s[2].b; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
