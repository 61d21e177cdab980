// expect: pass
// as wall_lock_blocked_chain without the unlocked writer: every writer waits for main.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x; pthread_t hu;
void *u(void *arg) { pthread_mutex_lock(&m); x = 2; pthread_mutex_unlock(&m); return 0; }
void *v(void *arg) { pthread_join(hu, 0); x = 3; return 0; }
int main(void) {
  pthread_mutex_lock(&m);
  pthread_create(&hu, 0, u, 0);
  pthread_t hv; pthread_create(&hv, 0, v, 0);
  int r = x; assert(r == 0); int s = x; assert(s == 0);
  pthread_mutex_unlock(&m);
  pthread_join(hv, 0); return 0;
}
