int next_ticket; int now_serving; int counter;
void *worker(void *arg) {
  int t = atomic_fetch_add(&next_ticket, 1);
  while (atomic_load(&now_serving) != t) { }
  int c = counter;
  counter = c + 1;
  RELEASE
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
