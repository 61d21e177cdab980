int main(void) { assert(waitpid(-1, 0, 0) == -1); return 0; }
