// expect: fail lost-wakeup
// check-then-sleep: w's wakeup comes between main's check and its sleep.
int ready;
void *w(void *arg) { ready = 1; wakeup(&ready); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); if (ready == 0) tsleep(&ready); pthread_join(h, 0); return 0; }
