int main(void) { int *p = malloc(2); free(p); free(p); return 0; }
