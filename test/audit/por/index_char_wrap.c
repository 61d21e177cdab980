// expect: fail assertion
// a char index wraps: 127 + 1 stored to a char is -128; a[c + 132] is a[4], x.
int a[4]; int x;
void *w(void *arg) {
  char c = 127; c = c + 1; a[c + 132] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
