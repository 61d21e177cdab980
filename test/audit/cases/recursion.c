int g;
int f(int n) { g = n; return f(n + 1); }
int main(void) { return f(0); }
