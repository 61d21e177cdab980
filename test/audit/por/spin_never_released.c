// expect: fail non-termination
// main spins on a flag nobody sets while w does private work.
int flag; int mine;
void *w(void *arg) { mine = 1; mine = 2; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); while (flag == 0) { } pthread_join(h, 0); return 0; }
