// Stores before pthread_create are visible to the new thread.
int data;
void *w(void *arg) { assert(data == 42); return 0; }
int main(void) {
  data = 42;
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  pthread_join(t, 0);
  return 0;
}
