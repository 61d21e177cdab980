// expect: fail lost-wakeup
// main's futex_wait reads x: after w's store it sleeps with nobody left to wake it.
int x;
void *w(void *arg) { x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); pthread_join(h, 0); futex_wait(&x, 1); return 0; }
