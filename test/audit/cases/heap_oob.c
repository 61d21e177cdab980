int main(void) { int *p = malloc(2); int *q = malloc(2); p[2] = 1; free(p); free(q); return 0; }
