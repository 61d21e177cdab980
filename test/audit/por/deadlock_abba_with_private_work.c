// expect: fail deadlock
// lock order inversion surrounded by private loads and stores.
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
int p1; int p2;
void *t1(void *arg) { p1 = 1; pthread_mutex_lock(&a); p1 = 2; pthread_mutex_lock(&b); p1 = 3; pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); return 0; }
void *t2(void *arg) { p2 = 1; pthread_mutex_lock(&b); p2 = 2; pthread_mutex_lock(&a); p2 = 3; pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); return 0; }
int main(void) { pthread_t x; pthread_t y; pthread_create(&x, 0, t1, 0); pthread_create(&y, 0, t2, 0); pthread_join(x, 0); pthread_join(y, 0); return 0; }
