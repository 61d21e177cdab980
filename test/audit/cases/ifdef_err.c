#ifdef X
int y;
#endif
int main(void) { return 0; }
