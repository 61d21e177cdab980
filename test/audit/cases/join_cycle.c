// main joins the worker while the worker joins main.
void *t(void *arg) { pthread_join(1, 0); return 0; }
int main(void) {
  pthread_t a;
  pthread_create(&a, 0, t, 0);
  pthread_join(a, 0);
  return 0;
}
