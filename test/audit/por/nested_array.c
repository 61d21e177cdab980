// expect: fail assertion
// m[i][j] in nested loops.
int m[3][3];
void *w(void *arg) {
  for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) m[i][j] = i * j;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = m[2][2]; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
