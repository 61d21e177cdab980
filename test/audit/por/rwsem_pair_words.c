// expect: fail assertion
// w's down_write writes the semaphore's second word; main reads it plainly.
struct rw_semaphore s;
void *w(void *arg) { down_write(&s); up_write(&s); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int *words = (int *) &s; int r = words[1]; assert(r == 0); pthread_join(h, 0); return 0; }
