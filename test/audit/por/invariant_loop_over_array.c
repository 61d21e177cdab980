// expect: fail at_most_one
// the invariant loops over an array longer than the widening threshold.
#pragma invariant at_most_one
int a[12];
int at_most_one(void) { int n = 0; for (int i = 0; i < 12; i++) n = n + a[i]; return n <= 1; }
void *w(void *arg) { a[11] = 1; a[11] = 0; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); a[10] = 1; a[10] = 0; pthread_join(h, 0); return 0; }
