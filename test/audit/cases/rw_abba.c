// Reader holds s and wants m; writer holds m and wants s for writing.
struct rw_semaphore s; struct mutex m;
void *r(void *arg) { down_read(&s); mutex_lock(&m); mutex_unlock(&m); up_read(&s); return 0; }
void *w(void *arg) { mutex_lock(&m); down_write(&s); up_write(&s); mutex_unlock(&m); return 0; }
int main(void) {
  init_rwsem(&s); mutex_init(&m);
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, r, 0); pthread_create(&b, 0, w, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
