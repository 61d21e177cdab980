// expect: pass
// five threads on private words; main checks after joining: a pass, much reduced.
int priv[5];
void *w(void *arg) { int id = (int) arg; priv[id] = 1; priv[id] = priv[id] + 1; return 0; }
int main(void) {
  pthread_t h[5];
  for (int i = 0; i < 5; i++) pthread_create(&h[i], 0, w, (void *) i);
  for (int i = 0; i < 5; i++) pthread_join(h[i], 0);
  for (int i = 0; i < 5; i++) assert(priv[i] == 2);
  return 0;
}
