// expect: fail assertion
// m[0][j] for j < 6 runs into row 1.
int m[2][3];
void *w(void *arg) {
  for (int j = 0; j < 6; j++) m[0][j] = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = m[1][2]; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
