#define F(x) x
int main(void) { return 0; }
