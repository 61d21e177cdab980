void *w(void *a) { return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, w); return 0; }
