struct rw_semaphore s; int data; int seen;
void *reader(void *arg) { down_read(&s); seen = data; up_read(&s); return 0; }
void *writer(void *arg) { down_write(&s); data = 1; data = 2; up_write(&s); return 0; }
int main(void) {
  init_rwsem(&s);
  pthread_t a; pthread_t b; pthread_t c;
  pthread_create(&a, 0, reader, 0); pthread_create(&b, 0, reader, 0); pthread_create(&c, 0, writer, 0);
  pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0);
  assert(seen != 1);
  return 0;
}
