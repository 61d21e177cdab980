// data by plain store, flag by atomic_store (a full barrier): MP holds even under PSO.
int data; int flag;
void *w(void *arg) { data = 42; atomic_store(&flag, 1); return 0; }
void *r(void *arg) { while (atomic_load(&flag) == 0) { } assert(data == 42); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, w, 0); pthread_create(&b, 0, r, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
