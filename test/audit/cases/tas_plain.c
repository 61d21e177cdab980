int lk; int counter;
void *worker(void *arg) {
  while (lk != 0) { }
  lk = 1;
  int c = counter;
  counter = c + 1;
  lk = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(counter == 2);
  return 0;
}
