// A bug only after many steps: a small max-states must say inconclusive, never pass.
int c[3];
void *w(void *arg) { int i = (int)arg; for (int k = 0; k < 6; k++) { c[i] = c[i] + 1; } return 0; }
int main(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, w, (void *)i);
  for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
  assert(c[0] + c[1] + c[2] != 18);
  return 0;
}
