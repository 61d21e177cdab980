int counter;
void *worker(void *arg);
int main(void) {
  pthread_t t; pthread_t u;
  pthread_create(&t, 0, worker, 0); pthread_create(&u, 0, worker, 0);
  pthread_join(t, 0); pthread_join(u, 0);
  assert(counter == 2);
  return 0;
}
