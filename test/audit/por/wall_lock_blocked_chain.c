// expect: fail assertion
// u waits for m (held by main); v joins u; a fourth thread writes x with no lock.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x; pthread_t hu;
void *u(void *arg) { pthread_mutex_lock(&m); x = 2; pthread_mutex_unlock(&m); return 0; }
void *v(void *arg) { pthread_join(hu, 0); x = 3; return 0; }
void *z(void *arg) { x = 1; return 0; }
int main(void) {
  pthread_mutex_lock(&m);
  pthread_create(&hu, 0, u, 0);
  pthread_t hv; pthread_create(&hv, 0, v, 0);
  pthread_t hz; pthread_create(&hz, 0, z, 0);
  int r = x; assert(r == 0);
  pthread_mutex_unlock(&m);
  pthread_join(hv, 0); pthread_join(hz, 0); return 0;
}
