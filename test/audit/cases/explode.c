int c[4];
void *w(void *arg) { int i = (int)arg; for (int k = 0; k < 5; k++) { c[i] = c[i] + 1; } return 0; }
int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, w, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
  return 0;
}
