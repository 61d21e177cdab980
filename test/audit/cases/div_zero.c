int z;
int main(void) { int x = 10 / z; return x; }
