pthread_mutex_t m;
int main(void) { pthread_mutex_lock(); return 0; }
