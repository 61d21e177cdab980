int x;
int main(void) { 1 = x; return 0; }
