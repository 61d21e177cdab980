// expect: fail assertion
// w's atomic_fetch_add on a[i] for i < 5 reaches x.
int a[4]; int x;
void *w(void *arg) { for (int i = 0; i < 5; i++) atomic_fetch_add(&a[i], 1); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
