// expect: fail lock-misuse
// w unlocks main's mutex (reported as lock misuse).
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void *w(void *arg) { pthread_mutex_unlock(&m); return 0; }
int main(void) { pthread_mutex_lock(&m); pthread_t h; pthread_create(&h, 0, w, 0); x = 1; x = 2; pthread_mutex_unlock(&m); pthread_join(h, 0); return 0; }
