#include <pthread.h>
#define FUTEX_WAITERS 0x80000000
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#ifdef DEBUG
#pragma invariant no_such_function
#pragma page_size lots
int main(void) { return FUTEX_WAITRS; }
