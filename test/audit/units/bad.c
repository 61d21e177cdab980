extern int counter;
void *worker(void *arg) { atomic_fetch_add(&counter, 1) return 0; }
