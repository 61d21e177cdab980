// A counter that grows without bound: never a pass (the state space is 2^32 wide).
int g;
int main(void) { for (;;) { g = g + 1; } return 0; }
